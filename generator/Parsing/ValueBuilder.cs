using AutoGradRnn.Generator.Model;

namespace AutoGradRnn.Generator.Parsing;

/// <summary>A value while the method is being lowered (its name may still change from a temporary's to a local's).</summary>
internal sealed class ValueBuilder
{
    public ValueBuilder(int id, string name, ValueKind kind, string type, ValueOrigin origin, bool varied, MemberModel? member, int definedInStatement, int block, int loop)
    {
        Id = id;
        Name = name;
        Kind = kind;
        Type = type;
        Origin = origin;
        Varied = varied;
        Member = member;
        DefinedInStatement = definedInStatement;
        Block = block;
        Loop = loop;
    }

    public int Id { get; }

    public string Name { get; set; }

    public ValueKind Kind { get; }

    public string Type { get; }

    public ValueOrigin Origin { get; set; }

    public bool Varied { get; set; }

    public MemberModel? Member { get; }

    public int DefinedInStatement { get; }

    public int Block { get; }

    public int Loop { get; }

    public ValueModel ToModel() => new(Id, Name, Kind, Type, Origin, Varied, Block, Loop, Member);
}
