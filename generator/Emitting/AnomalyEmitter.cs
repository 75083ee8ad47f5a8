using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using AutoGradRnn.Generator.Model;
using AutoGradRnn.Generator.Planning;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoGradRnn.Generator.Emitting;

/// <summary>
/// The lines of anomaly mode (runtime: <c>AnomalyMode</c>): after a forward step, a check of the value it produced; after
/// a rule in the backward, a check of each adjoint it wrote; at the top and bottom of each loop iteration, the iteration
/// entered and left. Each is one line guarded by <c>AnomalyMode.Enabled</c>, so off it costs one test of a flag. What a
/// check reports (file, line, statement, tensor, primitive) is one entry of a static array of sites, printed last.
/// </summary>
internal sealed class AnomalyEmitter
{
    private const string Guard = "if (global::AutoGradRnn.AnomalyMode.Enabled) ";
    private const string Iterations = "global::AutoGradRnn.AnomalyIterations";
    private static readonly Regex Declared = new(@"^\s*int\s+(@?[A-Za-z_]\w*)\s*=", RegexOptions.CultureInvariant);

    private readonly MethodPlan _plan;
    private readonly List<string> _sites = new();

    public AnomalyEmitter(MethodPlan plan) => _plan = plan;

    private MethodModel M => _plan.Model;

    /// <summary>The static array the checks index: <c>Step</c> → <c>StepAnomalySites</c>.</summary>
    private string Array => M.Name + "AnomalySites";

    /// <summary>After a forward step: the check of the tensor or double it produced (none for other steps).</summary>
    public void AfterForwardStep(CodeWriter w, StepModel step)
    {
        if (step.Kind is not (StepKind.Primitive or StepKind.ScalarBinary or StepKind.ScalarNegate) || step.Statement < 0) return;
        int result = step.Results[0];
        if (M.Values[result].Kind is not (ValueKind.Tensor or ValueKind.Scalar)) return;
        w.Line(Guard + "global::AutoGradRnn.AnomalyCheck.Finite(" + _plan.NameOf(result) + ", " + Site(step, result, gradient: false) + ");");
    }

    /// <summary>After a rule in the backward: one check per adjoint the rule added to (tensor or double).</summary>
    /// <param name="collected">The argument whose gradient the rule left to a collected product (−1: none): not checked here.</param>
    public void AfterRule(CodeWriter w, StepModel step, int collected = -1)
    {
        if (step.Statement < 0) return;
        for (int i = 0; i < step.Arguments.Count; i++)
        {
            var operand = step.Arguments[i];
            if (i == collected || step.Roles[i] is not (ArgumentRole.Tensor or ArgumentRole.Scalar) || !_plan.NeedsAdjoint(operand.ValueId)) continue;
            w.Line(Guard + "global::AutoGradRnn.AnomalyCheck.Finite(" + _plan.Values[operand.ValueId].Adjoint!.Text + ", " + Site(step, operand.ValueId, gradient: true) + ");");
        }
    }

    /// <summary>At the top of a forward iteration: the loop's variable as the user wrote it (<c>t = 17</c>), or the
    /// iteration's index from 0 when the header declares no int.</summary>
    public void EnterForward(CodeWriter w, LoopModel loop)
    {
        string? variable = Variable(loop);
        w.Line(Guard + Iterations + ".Enter(" + Literal(variable ?? Pass(loop)) + ", " + (variable ?? Index(loop.Id)) + ");");
    }

    /// <summary>At the top of a reversed iteration: the loop's variable when the header counts it up from 0 by 1 (so it
    /// equals the iteration's index), else the index, named for the loop.</summary>
    public void EnterBackward(CodeWriter w, int loopId)
    {
        var loop = M.Loops[loopId];
        string? variable = Variable(loop);
        bool counts = variable is not null && Regex.IsMatch(loop.Initializer, @"^\s*int\s+@?\w+\s*=\s*0\s*$")
            && (loop.Incrementor.Trim() == variable + "++" || loop.Incrementor.Trim() == "++" + variable || Regex.IsMatch(loop.Incrementor, @"^\s*" + Regex.Escape(variable) + @"\s*\+=\s*1\s*$"));
        w.Line(Guard + Iterations + ".Enter(" + Literal(counts ? variable! : Pass(loop)) + ", " + Index(loopId) + ");");
    }

    public static void Leave(CodeWriter w) => w.Line(Guard + Iterations + ".Leave();");

    /// <summary>The array of sites, once every check has been printed.</summary>
    public void EmitSites(CodeWriter w)
    {
        if (_sites.Count == 0) return;
        w.Line("/// <summary>What anomaly mode reports at each check of the code above (AnomalyMode.Enabled): the statement, its file and line, the value and its primitive.</summary>");
        w.Line(GeneratedCode.Attribute);
        w.Line("private static readonly global::AutoGradRnn.AnomalySite[] " + Array + " =");
        w.Line("{");
        foreach (var site in _sites) w.Line("    " + site + ",");
        w.Line("};");
        w.Line();
    }

    private string Site(StepModel step, int value, bool gradient)
    {
        var statement = M.Statements[step.Statement];
        _sites.Add("new global::AutoGradRnn.AnomalySite(" + Literal(M.Location.FilePath) + ", " + statement.Line.ToString(CultureInfo.InvariantCulture)
            + ", " + Literal(statement.Text) + ", " + Literal(NameOf(value)) + ", " + Literal(Producer(step)) + ", " + (gradient ? "true" : "false") + ")");
        return Array + "[" + (_sites.Count - 1).ToString(CultureInfo.InvariantCulture) + "]";
    }

    /// <summary>The name a user knows a value by: the source local (h, not h_3), or the generated one of a temporary.</summary>
    private string NameOf(int value)
    {
        var v = M.Values[value];
        return v.Origin is ValueOrigin.Local or ValueOrigin.Parameter ? v.Name : _plan.NameOf(value);
    }

    /// <summary>Tanh for a call of Ops.Tanh; Multiply for <c>a * b</c> (its rule MultiplyBackward); "operator /" for doubles.</summary>
    private static string Producer(StepModel step)
    {
        if (step.Kind != StepKind.Primitive) return step.Kind == StepKind.ScalarNegate ? "operator -" : "operator " + step.Callee;
        if (!step.IsOperator) return Short(step.Callee);
        string rule = Short(step.Rule);
        return rule.EndsWith("Backward", System.StringComparison.Ordinal) ? rule.Substring(0, rule.Length - "Backward".Length) : "operator " + step.Callee;
    }

    private static string Short(string qualified) => qualified.Substring(qualified.LastIndexOf('.') + 1);

    private static string? Variable(LoopModel loop) => Declared.Match(loop.Initializer) is { Success: true } match ? match.Groups[1].Value : null;

    private string Pass(LoopModel loop) => "pass (from 0) of the loop at line " + M.Statements[loop.Statement].Line.ToString(CultureInfo.InvariantCulture);

    /// <summary>The iteration's index from 0: the counter, less the first index of an inner loop's run.</summary>
    private string Index(int loopId) => _plan.Loops[loopId].First is { } first ? _plan.Loops[loopId].Counter + " - " + first.Text : _plan.Loops[loopId].Counter;

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
}
