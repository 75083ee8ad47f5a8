namespace AutoGradRnn.Models.App.SideBySide;

/// <summary>The page's style sheet, inline: system fonts only, nothing fetched.</summary>
internal static class PageStyle
{
    public const string Css = """
        :root { --bg: #fbfbf8; --ink: #1d1f21; --dim: #6b6f76; --rule: #1f5fa8; --quote: #7a4d00; --hl: #fff2b3; --sel: #ffd966; --edge: #d9d6cc; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, sans-serif; padding-bottom: 9em; }
        header { padding: 10px 18px; border-bottom: 1px solid var(--edge); background: #f1efe8; }
        header h1 { font-size: 18px; margin: 0 0 4px; }
        header p { margin: 2px 0; color: var(--dim); }
        #check[data-state="broken"] { color: #b00020; font-weight: bold; }
        section.method { padding: 8px 18px 14px; border-bottom: 1px solid var(--edge); }
        section.method h2 { font-size: 15px; margin: 6px 0 2px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        .role, .tape { margin: 2px 0; color: var(--dim); }
        .tape b, .loop b { color: var(--ink); }
        .loop { margin: 10px 18px 0; padding: 6px 10px; border: 1px dashed var(--rule); border-radius: 4px; background: #eef4fb; }
        .pair { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 14px; align-items: start; margin-top: 6px; }
        .side h3 { font-size: 13px; margin: 4px 0; color: var(--dim); font-weight: 600; }
        .forward { position: sticky; top: 0; }
        .code { position: relative; font: 12.5px/1.5 ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; background: #fff; border: 1px solid var(--edge); border-radius: 4px; padding: 6px 0; overflow-x: auto; }
        .code code { font: inherit; white-space: pre; }
        .backward .code { max-height: calc(100vh - 12em); overflow: auto; }
        .l { white-space: pre; padding: 0 8px; min-height: 1.5em; }
        .sig { padding: 0 8px 4px; color: var(--dim); white-space: pre; }
        .stmt, .else { padding: 1px 8px; border-left: 4px solid transparent; cursor: pointer; }
        .stmt .pos, .else .pos { display: inline-block; width: 4.2em; color: var(--dim); user-select: none; }
        .stmt.noadj .pos::after { content: " \2205"; }
        .stmt .tape { margin: 0 0 2px 4.2em; font-family: system-ui, sans-serif; font-size: 12px; white-space: normal; }
        .adj { border-left: 4px solid var(--edge); margin: 2px 0; cursor: pointer; }
        .adj .adj { margin-left: 10px; }
        .quote { color: var(--quote); font-weight: 600; }
        .rule { color: var(--rule); }
        .note { color: var(--dim); }
        .hl { background: var(--hl); border-left-color: #e0b000; }
        .sel { background: var(--sel); border-left-color: #b07d00; }
        .adj.sel .adj:not(.sel), .adj.hl .adj:not(.hl) { background: #fff; }
        .orphan { border-left-color: #b00020; }
        body.short .q { display: none; }
        #info { position: fixed; left: 0; right: 0; bottom: 0; max-height: 9em; overflow: auto; padding: 6px 18px; background: #1d2733; color: #f3f3ee; font-size: 13px; }
        #info p { margin: 2px 0; }
        #info ul { margin: 2px 0; padding-left: 1.4em; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
        #info .pos { color: #ffd966; }
        """;
}
