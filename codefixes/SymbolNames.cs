using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using AutoGradRnn.Generator.Parsing;

namespace AutoGradRnn.CodeFixes;

/// <summary>Names for the code a fix writes, chosen so that they bind where they are written and clash with nothing.</summary>
internal static class SymbolNames
{
    /// <summary>How <c>[DerivativeRule]</c> is written at <paramref name="position"/> (<c>DerivativeRule</c> when the
    /// file imports AutoGradRnn), or null when the runtime is not referenced.</summary>
    public static string? DerivativeRuleAttribute(SemanticModel model, int position)
    {
        var type = model.Compilation.GetTypeByMetadataName(KnownTypes.DerivativeRuleAttribute);
        if (type is null) return null;
        string name = type.ToMinimalDisplayString(model, position);
        const string Suffix = "Attribute";
        if (!name.EndsWith(Suffix, System.StringComparison.Ordinal)) return name;
        string shorter = name.Substring(0, name.Length - Suffix.Length);
        // A type of the shorter name in scope would make the attribute ambiguous (CS1614).
        return model.LookupNamespacesAndTypes(position, name: shorter.Substring(shorter.LastIndexOf('.') + 1)).IsEmpty ? shorter : name;
    }

    /// <summary>A type as written at <paramref name="position"/>: as short as binds there.</summary>
    public static string Type(ITypeSymbol type, SemanticModel model, int position) => type.ToMinimalDisplayString(model, position);

    /// <summary>A name as an identifier: <c>@class</c> for a keyword.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary><paramref name="preferred"/>, or it with _2, _3, … when <paramref name="taken"/> holds it; the name is added to <paramref name="taken"/>.</summary>
    public static string Unique(string preferred, ISet<string> taken)
    {
        string name = preferred;
        for (int i = 2; taken.Contains(name); i++) name = preferred + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        taken.Add(name);
        return name;
    }

    /// <summary>A name for a new member of <paramref name="type"/> that nothing visible at <paramref name="position"/>
    /// (a member, an inherited one, a nested or an enclosing type) already has.</summary>
    public static string NewMember(INamedTypeSymbol type, string preferred, SemanticModel model, int position)
    {
        string name = preferred;
        for (int i = 2; Taken(type, name, model, position); i++) name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return name;
    }

    private static bool Taken(INamedTypeSymbol type, string name, SemanticModel model, int position)
    {
        if (name == type.Name || !type.GetMembers(name).IsEmpty) return true;
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (!t.GetMembers(name).IsEmpty) return true;
        return !model.LookupSymbols(position, name: name).IsEmpty;
    }
}
