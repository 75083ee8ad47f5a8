namespace AutoGradRnn.Models.App.SideBySide;

/// <summary>
/// The page's script, inline: hovering a forward statement or an adjoint block highlights both; clicking (or focusing,
/// or <c>#s=f0-45-9</c> in the address) selects them, scrolls the backward's box to the adjoint block and lists the
/// rules applied in the panel below. When the page loads it checks every link both ways and writes the result into
/// <c>#check</c> and <c>data-linked</c> attributes, which the browser tests read. (The address names no element, so the
/// browser does not scroll the page itself; the script scrolls it only when the statement is out of sight.)
/// </summary>
internal static class PageScript
{
    public const string Js = """
        (() => {
          'use strict';
          const byId = (id) => (id ? document.getElementById(id) : null);
          const ids = (el) => (el.dataset.adjoints || '').split(' ').filter(Boolean);
          const statementOf = (el) => (el.classList.contains('stmt') ? el : byId(el.dataset.statement));
          const group = (el) => {
            const s = statementOf(el);
            return s ? [s, ...ids(s).map(byId).filter(Boolean)] : [el];
          };
          const target = (e) => (e.target instanceof Element ? e.target.closest('.stmt, .adj') : null);
          const mark = (el, cls, on) => { for (const x of group(el)) x.classList.toggle(cls, on); };
          let selected = null;

          function describe(el) {
            const info = byId('info');
            info.replaceChildren();
            const s = statementOf(el);
            const head = document.createElement('p');
            if (!s) { head.textContent = 'This adjoint block quotes no forward statement on the page.'; info.append(head); return; }
            const pos = document.createElement('span');
            pos.className = 'pos';
            pos.textContent = 'line ' + s.dataset.pos + '  ';
            head.append(pos, s.querySelector('code').textContent.trim());
            info.append(head);
            const blocks = ids(s).map(byId).filter(Boolean);
            const rules = blocks.flatMap((b) => [...b.querySelectorAll('.rule')].filter((r) => r.closest('.adj') === b));
            const note = document.createElement('p');
            note.textContent = blocks.length === 0
              ? 'No adjoint block: no gradient flows back through this statement.'
              : 'Adjoint: ' + blocks.length + ' block' + (blocks.length === 1 ? '' : 's') + ', the rules applied:';
            info.append(note);
            if (rules.length > 0) {
              const list = document.createElement('ul');
              for (const r of rules) { const li = document.createElement('li'); li.textContent = r.textContent.trim().replace(/^\/\/\s*/, ''); list.append(li); }
              info.append(list);
            }
          }

          function select(el, scroll) {
            if (selected) mark(selected, 'sel', false);
            selected = el;
            mark(el, 'sel', true);
            describe(el);
            const s = statementOf(el);
            if (scroll && s && el === s) {
              const first = byId(ids(s)[0]);
              if (first) { const box = first.closest('.code'); box.scrollTop = first.offsetTop - box.clientHeight / 4; }
            }
            if (s) history.replaceState(null, '', '#s=' + s.id);
          }

          function check() {
            const statements = [...document.querySelectorAll('.stmt')];
            let linked = 0, none = 0, broken = 0;
            for (const s of statements) {
              const targets = ids(s);
              const ok = targets.every((id) => { const b = byId(id); return b !== null && b.classList.contains('adj') && b.dataset.statement === s.id; });
              s.dataset.linked = targets.length === 0 ? 'none' : ok ? 'yes' : 'broken';
              if (targets.length === 0) none++; else if (ok) linked++; else broken++;
            }
            for (const b of document.querySelectorAll('.adj')) {
              const s = byId(b.dataset.statement);
              b.dataset.linked = s !== null && ids(s).includes(b.id) ? 'yes' : 'broken';
              if (b.dataset.linked === 'broken') broken++;
            }
            const out = byId('check');
            out.dataset.state = broken === 0 ? 'ok' : 'broken';
            out.textContent = statements.length + ' forward statements: ' + linked + ' linked to their adjoint blocks, ' + none +
              ' with none (no gradient flows back through them); ' + broken + ' broken links.';
          }

          document.addEventListener('mouseover', (e) => { const t = target(e); if (t) mark(t, 'hl', true); });
          document.addEventListener('mouseout', (e) => { const t = target(e); if (t) mark(t, 'hl', false); });
          document.addEventListener('click', (e) => { const t = target(e); if (t) select(t, true); });
          document.addEventListener('focusin', (e) => { const t = target(e); if (t && t !== selected) select(t, false); });
          byId('short-names').addEventListener('change', (e) => document.body.classList.toggle('short', e.target.checked));
          check();
          const start = location.hash.startsWith('#s=') ? byId(decodeURIComponent(location.hash.slice(3))) : null;
          if (start && start.classList.contains('stmt')) {
            const r = start.getBoundingClientRect();
            if (r.top < 0 || r.bottom > window.innerHeight) window.scrollTo(0, window.scrollY + r.top - 80);
            select(start, true);
          }
        })();
        """;
}
