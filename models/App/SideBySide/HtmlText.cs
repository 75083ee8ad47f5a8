using System.Text;

namespace AutoGradRnn.Models.App.SideBySide;

/// <summary>Escaping for text and attribute values of the page: every <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>,
/// <c>"</c> and <c>'</c>, so code and identifiers of any spelling stay text.</summary>
public static class HtmlText
{
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
