using System.Globalization;
using System.Text;

namespace AutoGradRnn.Models.Experiments.Common;

/// <summary>
/// A result table printed as an aligned Markdown table (so it reads in a terminal and pastes into
/// docs/RESULTS.md unchanged). Cells are text; numbers are formatted by the caller, invariant culture.
/// </summary>
public sealed class ResultTable
{
    private readonly string[] _columns;
    private readonly List<string[]> _rows = [];

    public ResultTable(params string[] columns)
    {
        if (columns.Length == 0) throw new ArgumentException("A table needs at least one column.", nameof(columns));
        _columns = columns;
    }

    public IReadOnlyList<string> Columns => _columns;

    public IReadOnlyList<IReadOnlyList<string>> Rows => _rows;

    public void Add(params string[] cells)
    {
        if (cells.Length != _columns.Length)
            throw new ArgumentException($"A row of this table has {_columns.Length} cells; got {cells.Length}.", nameof(cells));
        _rows.Add(cells);
    }

    /// <summary>The cell of row <paramref name="row"/> under <paramref name="column"/>.</summary>
    public string Cell(int row, string column)
    {
        int i = Array.IndexOf(_columns, column);
        if (i < 0) throw new ArgumentException($"No column '{column}'.", nameof(column));
        return _rows[row][i];
    }

    public override string ToString()
    {
        // A column of numbers (cells starting with a digit, a sign or a dash) is right-aligned, a column of text left-aligned.
        var numeric = new bool[_columns.Length];
        for (int c = 0; c < _columns.Length; c++)
            numeric[c] = _rows.Count > 0 && _rows.All(r => r[c].Length > 0 && (char.IsDigit(r[c][0]) || r[c][0] is '-' or '+' or '—' or '∞'));
        var widths = new int[_columns.Length];
        for (int c = 0; c < _columns.Length; c++)
            widths[c] = Math.Max(3, _rows.Select(r => r[c].Length).Append(_columns[c].Length).Max());
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells, bool header)
        {
            text.Append('|');
            for (int c = 0; c < cells.Count; c++)
            {
                text.Append(' ').Append(numeric[c] && !header ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c])).Append(" |");
            }
            text.Append('\n');
        }
        Line(_columns, header: true);
        text.Append('|');
        for (int c = 0; c < _columns.Length; c++) text.Append(numeric[c] ? " " : " :").Append('-', widths[c] - 1).Append(numeric[c] ? ": |" : " |");
        text.Append('\n');
        foreach (var row in _rows) Line(row, header: false);
        return text.ToString();
    }

    /// <summary>A number with <paramref name="decimals"/> decimals, invariant culture.</summary>
    public static string Number(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A number in scientific notation with three significant digits (e.g. 1.23e-05).</summary>
    public static string Scientific(double value) => value.ToString("0.00e+00", CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage with one decimal (0.995 → 99.5%).</summary>
    public static string Percent(double fraction) => (100 * fraction).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
