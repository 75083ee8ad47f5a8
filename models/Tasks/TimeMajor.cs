namespace AutoGradRnn.Models.Tasks;

/// <summary>Windows of token ids, time-major (<c>rows[t][b]</c>), as the T·B rows the recurrence and the heads read.</summary>
public static class TimeMajor
{
    /// <summary><paramref name="rows"/> as one array, t-major, kept in <paramref name="buffer"/> (reallocated only when
    /// its size changes).</summary>
    public static int[] Flatten(int[][] rows, ref int[] buffer)
    {
        int batch = rows.Length == 0 ? 0 : rows[0].Length;
        if (buffer.Length != rows.Length * batch) buffer = new int[rows.Length * batch];
        for (int t = 0; t < rows.Length; t++)
        {
            if (rows[t].Length != batch) throw new ArgumentException($"Row {t} has {rows[t].Length} streams; row 0 has {batch}.", nameof(rows));
            rows[t].CopyTo(buffer, t * batch);
        }
        return buffer;
    }

    /// <summary>A new array of <paramref name="rows"/>, t-major.</summary>
    public static int[] Flatten(int[][] rows)
    {
        int[] buffer = [];
        return Flatten(rows, ref buffer);
    }
}
