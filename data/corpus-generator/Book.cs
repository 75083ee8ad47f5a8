using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CorpusGenerator;

/// <summary>
/// The grammar. Builds the whole book as text: a title page and contents, then chapters made of numbered
/// sections of prose paragraphs, dialogue, a numbered list, a bracketed ledger and the chapter's notes.
/// Every sentence is assembled here from the <see cref="Lexicon"/>; nothing is taken from an existing text.
/// </summary>
/// <remarks>
/// Structures kept on purpose, because a char-level LSTM can learn them and an Elman RNN finds them hard:
/// subject-verb agreement across attractors, relative clauses and parentheses; quotes that open and close
/// (single inside double); brackets ( [ { } ] ) nested up to four deep that always balance; counters that go
/// up (chapters, sections c.s, list items, footnote markers and the notes that answer them); and within a
/// paragraph every he/she/him/her/his refers to one person of one gender.
/// Pieces are always generated in the order they appear in the text, so that "first mention gives the full
/// name" holds; footnote markers are numbered afterwards, in text order.
/// </remarks>
internal sealed partial class Book
{
    private const int Width = 72;
    private const char NoteOpen = '\u0001';
    private const char NoteClose = '\u0002';

    private static readonly string[] Ordinals =
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

    private static readonly string[] NumberWords =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

    private readonly Rng _r;
    private readonly Lexicon _x;

    // Per-chapter state.
    private int _chapter;
    private int _section;
    private string _place = "";
    private List<Person> _cast = [];
    private readonly HashSet<Person> _introduced = [];
    private readonly List<string> _noteTexts = [];
    private bool _inNote;
    private readonly List<string> _doneSections = [];
    private List<List<Unit>> _blocks = [];

    /// <summary>One piece of output: wrapped prose with first-line and hanging indents, or a verbatim line.</summary>
    private sealed record Unit(string Text, string First, string Rest, bool Wrap);

    /// <summary>A person in a paragraph: the focus is the only one pronouns may refer to.</summary>
    private sealed class Ctx(Person focus, Person? other)
    {
        public Person Focus { get; } = focus;
        public Person? Other { get; } = other;
        public bool Named { get; set; }

        /// <summary>Sentence kinds that name the other person are used at most once a paragraph.</summary>
        public HashSet<int> Used { get; } = [];

        public int Last { get; set; } = -1;
    }

    public Book(Rng r, Lexicon x)
    {
        _r = r;
        _x = x;
    }

    public int Chapters { get; private set; }

    public string Build(int targetChars)
    {
        var chapters = new List<(string Title, string Text)>();
        int total = 0;
        while (total < targetChars)
        {
            var ch = Chapter(chapters.Count + 1);
            chapters.Add(ch);
            total += ch.Text.Length + 2;
        }
        Chapters = chapters.Count;

        var sb = new StringBuilder();
        string bookPlace = _x.Places[0];
        sb.Append("The Ledgers of ").Append(bookPlace).Append("\n\n");
        WrapInto(sb, "A book of the keepers, the ferrymen and the " + _x.Animate[^1].Pl + " of " + bookPlace
            + " and the towns around it, in " + N(chapters.Count) + " chapters. Every word of it was made by a "
            + "small program, and no sentence in it was copied from another book.", "", "");
        sb.Append("\nContents\n\n");
        for (int i = 0; i < chapters.Count; i++)
        {
            sb.Append(N(i + 1)).Append(". ").Append(chapters[i].Title).Append('\n');
        }
        foreach (var ch in chapters)
        {
            sb.Append("\n\n\n").Append(ch.Text);
        }
        return sb.ToString();
    }

    // ---------------------------------------------------------------- chapters, sections and blocks

    private (string Title, string Text) Chapter(int n)
    {
        _chapter = n;
        _section = 0;
        _introduced.Clear();
        _noteTexts.Clear();
        _blocks = [];
        _place = _r.Pick(_x.Places);
        _cast = PickCast();

        string title = ChapterTitle();
        int sections = _r.Range(3, 4);
        int listAt = _r.Range(1, sections);
        int ledgerAt = _r.Range(1, sections);
        for (int s = 1; s <= sections; s++)
        {
            _section = s;
            Verbatim(N(n) + "." + N(s) + " " + SectionTitle());
            int units = _r.Range(5, 8);
            int listPos = s == listAt ? _r.Range(1, units) : -1;
            int ledgerPos = s == ledgerAt ? _r.Range(1, units) : -1;
            for (int u = 0; u < units; u++)
            {
                if (u == listPos) ListBlock();
                if (u == ledgerPos) LedgerBlock();
                switch (_r.Weighted(5, 2, 3))
                {
                    case 0: StoryParagraph(); break;
                    case 1: LoreParagraph(); break;
                    default: DialogueScene(); break;
                }
            }
            _doneSections.Add(N(n) + "." + N(s));
        }

        // Number the footnote markers in the order they appear and list the notes in that order.
        int next = 0;
        var order = new List<int>();
        var numbered = new List<List<Unit>>();
        foreach (var block in _blocks)
        {
            var units = new List<Unit>();
            foreach (var unit in block)
            {
                string text = NoteMarker().Replace(unit.Text, m =>
                {
                    order.Add(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                    return N(++next);
                });
                units.Add(unit with { Text = text });
            }
            numbered.Add(units);
        }
        if (order.Count > 0)
        {
            numbered.Add([new Unit("Notes", "", "", false)]);
            var notes = new List<Unit>();
            for (int i = 0; i < order.Count; i++)
            {
                string label = N(i + 1) + ". ";
                notes.Add(new Unit(label + _noteTexts[order[i]], "", new string(' ', label.Length), true));
            }
            numbered.Add(notes);
        }

        var sb = new StringBuilder();
        sb.Append("Chapter ").Append(N(n)).Append(": ").Append(title).Append('\n');
        foreach (var block in numbered)
        {
            sb.Append('\n');
            foreach (var unit in block)
            {
                if (unit.Wrap) WrapInto(sb, unit.Text, unit.First, unit.Rest);
                else sb.Append(unit.First).Append(unit.Text).Append('\n');
            }
        }
        return (title, sb.ToString());
    }

    [GeneratedRegex("\u0001([0-9]+)\u0002")]
    private static partial Regex NoteMarker();

    private List<Person> PickCast()
    {
        var cast = new List<Person>();
        var main = _x.People.Take(6).ToList();
        var rest = _x.People.Skip(6).ToList();
        while (cast.Count < 2)
        {
            var p = _r.Pick(main);
            if (!cast.Contains(p)) cast.Add(p);
        }
        int size = _r.Range(4, 5);
        while (cast.Count < size)
        {
            var p = _r.Pick(rest);
            if (!cast.Contains(p)) cast.Add(p);
        }
        return cast;
    }

    private string ChapterTitle() => _r.Below(5) switch
    {
        0 => "The " + Cap(AnyNoun(20).Pl) + " of " + _place,
        1 => _cast[0].First + " and the " + Cap(AnyNoun(20).Sg),
        2 => "The " + Cap(Adj()) + " " + Cap(AnyNoun(20).Sg),
        3 => "In " + _place,
        _ => "What the " + Cap(_r.Pick(_x.Animate).Pl) + " Kept",
    };

    private string SectionTitle() => _r.Below(4) switch
    {
        0 => "Of the " + Cap(AnyNoun(20).Pl),
        1 => _r.Pick(_cast).First + " at " + _r.Pick(_x.Places),
        2 => "The " + Cap(Adj()) + " " + Cap(AnyNoun(20).Sg),
        _ => "What the " + Cap(_r.Pick(_x.Animate).Pl) + " Said",
    };

    private void Para(IEnumerable<string> sentences) =>
        _blocks.Add([new Unit(string.Join(" ", sentences.Select(Cap)), "", "", true)]);

    private void Verbatim(string line) => _blocks.Add([new Unit(line, "", "", false)]);

    // ---------------------------------------------------------------- paragraph kinds

    private void StoryParagraph()
    {
        var focus = _r.Pick(_cast);
        var c = new Ctx(focus, _r.Chance(45) ? Contrast(focus) : null);
        int n = _r.Range(3, 7);
        var sentences = new List<string>();
        for (int i = 0; i < n; i++) sentences.Add(StorySentence(c));
        Para(sentences);
    }

    private void LoreParagraph()
    {
        int n = _r.Range(3, 6);
        var sentences = new List<string>();
        for (int i = 0; i < n; i++) sentences.Add(LoreSentence());
        Para(sentences);
    }

    private void DialogueScene()
    {
        var a = _r.Pick(_cast);
        var b = OtherThan(a);
        // The scene opens on a; b is named, and every pronoun in the paragraph is a's.
        var open = new Ctx(a, b);
        var sentences = new List<string> { Meeting(open) };
        open.Used.Add(4);
        int extra = _r.Range(1, 3);
        for (int i = 0; i < extra; i++) sentences.Add(StorySentence(open));
        Para(sentences);

        int turns = _r.Range(3, 6);
        for (int t = 0; t < turns; t++)
        {
            var speaker = t % 2 == 0 ? a : b;
            var listener = t % 2 == 0 ? b : a;
            Para([DialogueTurn(new Ctx(speaker, listener))]);
        }
    }

    /// <summary>Another member of the cast, of the other gender where there is one.</summary>
    private Person OtherThan(Person p) => Contrast(p) ?? _r.Pick(_cast.Where(q => q != p).ToList());

    /// <summary>A member of the cast of the other gender, or null when there is none.</summary>
    private Person? Contrast(Person p)
    {
        var contrast = _cast.Where(q => q.Female != p.Female).ToList();
        return contrast.Count > 0 ? _r.Pick(contrast) : null;
    }

    private void ListBlock()
    {
        int k = _r.Range(3, 9);
        var p = _r.Pick(_cast);
        int kind = _r.Below(4);
        string intro = kind switch
        {
            0 => "the rules of the " + _r.Pick(_x.Animate).Pl + " of " + _place + " were these:",
            1 => Name(p) + " wrote down what " + p.Subj + " had seen, and " + p.Subj + " numbered it:",
            2 => "in the ledger there were " + NumberWords[k] + " entries for that year:",
            _ => "the " + AnyNoun(10).Pl + " of " + _place + " were counted in this order:",
        };
        Para([intro]);
        var c = new Ctx(p, null);
        var units = new List<Unit>();
        for (int i = 1; i <= k; i++)
        {
            string label = N(i) + ". ";
            string item = kind == 1 ? StorySentence(c) : ListItem();
            units.Add(new Unit(label + Cap(item), "", new string(' ', label.Length), true));
            if (_r.Chance(18))
            {
                int subs = _r.Range(2, 3);
                for (int j = 0; j < subs; j++)
                {
                    string sub = "(" + (char)('a' + j) + ") ";
                    units.Add(new Unit(sub + Cap(Inner()) + ".", "   ", "   " + new string(' ', sub.Length), true));
                }
            }
        }
        _blocks.Add(units);
    }

    private string ListItem() => _r.Below(5) switch
    {
        0 => "no " + _r.Pick(_x.Animate).Sg + " " + V().Third + " the " + AnyNoun(0).Sg + " after dark.",
        1 => "every " + AnyNoun(40).Sg + " " + Be(false, false) + " " + Adj() + " " + Bracketed(1) + ".",
        2 => "the " + AnyNoun(30).Pl + " " + V().Base + " the " + AnyNoun(0).Pl + " twice a year.",
        _ => LoreSentence(),
    };

    // ---------------------------------------------------------------- sentences

    private string StorySentence(Ctx c)
    {
        bool pl = _r.Chance(45);
        int k;
        do
        {
            bool other4 = c.Other is not null && !c.Used.Contains(4);
            bool other11 = c.Other is not null && !c.Used.Contains(11);
            k = _r.Weighted(4, 3, 2, 4, other4 ? 3 : 0, 2, 2, 2, 2, 3, 2, other11 ? 1 : 0, 2, 2);
        }
        while (k == c.Last);
        c.Last = k;
        if (k is 4 or 11) c.Used.Add(k);
        switch (k)
        {
            case 0:
                {
                    string s = Subj(c);
                    return s + " " + V().Past + " " + NP(pl) + PlaceAdjunct() + ".";
                }
            case 1:
                {
                    string s = Subj(c);
                    string verb = _r.Pick("went", "walked", "ran", "hurried", "wandered", "came");
                    string prep = _r.Pick("to", "toward", "across", "into", "past", "along", "under", "over");
                    string where = _r.Chance(25) ? _r.Pick(_x.Places) : "the " + AnyNoun(0).Sg;
                    return s + " " + verb + " " + prep + " " + where + (_r.Chance(40) ? " " + Time() : "") + ".";
                }
            case 2:
                {
                    string s = Subj(c);
                    string poss = PossRef(c);
                    var n = AnyNoun(0);
                    return s + " took " + poss + " " + Form(n, pl) + " and " + V().Past + " " + (pl ? "them" : "it") + ".";
                }
            case 3:
                {
                    string subject = AgreeSubject(pl, true);
                    string pred = Predicate(pl, true);
                    string tail = _r.Chance(30) ? ", and " + Subj(c) + " " + _r.Pick("knew it", "saw it", "said so") : "";
                    return subject + " " + pred + tail + ".";
                }
            case 4:
                {
                    string who = Name(c.Other!);
                    string verb = _r.Pick("found", "met", "followed", "called", "watched", "warned");
                    return who + " " + verb + " " + ObjRef(c) + " " + _r.Pick("near", "by", "beyond", "behind") + " the " + AnyNoun(0).Sg + ".";
                }
            case 5:
                {
                    string poss = PossRef(c);
                    var n = AnyNoun(0);
                    string tail = _r.Chance(40)
                        ? ", but " + Subj(c) + " did not " + _r.Pick("care", "mind", "say so", "notice")
                        : "";
                    return poss + " " + Form(n, pl) + " " + Be(pl, true) + " " + Adj() + tail + ".";
                }
            case 6:
                {
                    string s = Subj(c);
                    return s + " " + V().Past + " the " + AnyNoun(20).Sg + " " + Bracketed(1) + ".";
                }
            case 7:
                {
                    var n = AnyNoun(20);
                    string np = pl ? _r.Pick("some", "two", "three", "several", "a few", "many") + " " + n.Pl : AOrAn(n.Sg) + " " + n.Sg;
                    string where = _r.Pick("by", "near", "behind", "under") + " the " + AnyNoun(0).Sg;
                    string s = Subj(c);
                    return "there " + Be(pl, true) + " " + np + " " + where + ", and " + s + " " + V().Past + " " + (pl ? "them" : "it") + ".";
                }
            case 8:
                {
                    string t = Time();
                    string s = Subj(c);
                    return t + ", " + s + " " + V().Past + " " + NP(pl) + ".";
                }
            case 9:
                return InlineSpeech(c);
            case 10:
                {
                    string s = Subj(c);
                    string verb = _r.Pick("knew", "thought", "remembered", "believed", "heard");
                    return s + " " + verb + " that " + AgreeSubject(pl, true) + " " + Predicate(pl, true) + ".";
                }
            case 11:
                {
                    string who = Name(c.Other!);
                    var n = AnyNoun(0);
                    return who + "'s " + Form(n, pl) + " " + Be(pl, true) + " " + Adj() + ", and " + Subj(c) + " " + _r.Pick("said so", "knew it", "did not ask why") + ".";
                }
            case 12:
                {
                    string s = Subj(c);
                    string first = V().Past + " " + NP(_r.Chance(50));
                    return "when " + s + " " + first + ", " + NP(pl, out _, 40) + " " + Be(pl, true) + " " + V().Ing + ".";
                }
            default:
                {
                    string s = Subj(c);
                    return s + " " + V().Past + " the " + AnyNoun(10).Sg + " " + Footnote() + PlaceAdjunct() + ".";
                }
        }
    }

    private string LoreSentence()
    {
        bool pl = _r.Chance(50);
        switch (_r.Weighted(6, 2, 2, 2, 1, 2, 2, 2, 2))
        {
            case 0:
                {
                    string subject = AgreeSubject(pl, false);
                    return subject + " " + Predicate(pl, false) + ".";
                }
            case 1:
                {
                    string head = "in " + _r.Pick(_x.Places) + ", " + NP(true, out _, 40) + " " + V().Base + " " + NP(_r.Chance(50));
                    return head + (_r.Chance(30) ? " " + Bracketed(1) : "") + ".";
                }
            case 2:
                {
                    string np = NP(pl, out _, pl ? 30 : 0);
                    return np + " " + Be(pl, false) + " " + Adj() + ", and " + (pl ? "they are" : "it is") + " "
                        + _r.Pick("never", "seldom", "always", "often") + " " + Adj() + ".";
                }
            case 3:
                {
                    var n = AnyNoun(10);
                    string head = AOrAn(n.Sg) + " " + n.Sg + " (or " + AnyNoun(10).Sg + ", as the " + _r.Pick(_x.Animate).Pl
                        + " of " + _r.Pick(_x.Places) + " call it" + MaybeFootnote() + ")";
                    return head + " " + V().Third + " only " + _r.Pick("at night", "in winter", "when it rains", "before dawn") + ".";
                }
            case 4:
                return "every " + AnyNoun(30).Sg + " " + V().Third + " once; the " + AnyNoun(30).Pl + " " + V().Base + " twice.";
            case 5:
                {
                    string subject = AgreeSubject(pl, false);
                    return "nobody knows why " + subject + " " + Predicate(pl, false) + ".";
                }
            case 6:
                {
                    string who = "the " + _r.Pick(_x.Animate).Pl + " say that ";
                    string np = NP(pl);
                    return who + np + " " + Predicate(pl, false) + MaybeFootnote() + ".";
                }
            case 7:
                {
                    string subject = AgreeSubject(pl, false, pl ? 40 : 0);
                    string pred = Predicate(pl, false);
                    return subject + " " + pred + "; " + (pl ? "they" : "it") + " " + Do(pl) + " not " + V().Base + " " + NP(_r.Chance(50)) + ".";
                }
            default:
                {
                    var n = AnyNoun(0);
                    string np = pl ? NumberWords[_r.Range(2, 9)] + " " + n.Pl : AOrAn(n.Sg) + " " + n.Sg;
                    return "there " + Be(pl, false) + " " + np + " in " + _r.Pick(_x.Places) + ", and "
                        + (pl ? "each of them" : "it") + " " + V().Third + " " + NP(_r.Chance(50)) + ".";
                }
        }
    }

    // ---------------------------------------------------------------- agreement

    /// <summary>A subject whose head has number <paramref name="pl"/>, padded with material that separates it
    /// from its verb: a prepositional attractor, a relative clause, a parenthesis.</summary>
    private string AgreeSubject(bool pl, bool past, int animatePercent = 40)
    {
        var sb = new StringBuilder(NP(pl, out Noun head, animatePercent));
        if (_r.Chance(50))
        {
            sb.Append(' ').Append(_r.Pick("of", "of", "of", "near", "beyond", "behind", "from", "above")).Append(' ')
              .Append(NP(_r.Chance(70) ? !pl : pl, out _, 30));
        }
        int k = _r.Below(100);
        if (k < 55) sb.Append(", ").Append(RelClause(pl, head, past)).Append(',');
        else if (k < 75) sb.Append(" (").Append(Parenthetical(past)).Append(')');
        return sb.ToString();
    }

    private string RelClause(bool pl, Noun head, bool past)
    {
        if (_r.Chance(60))
        {
            string rel = head.Animate ? (_r.Chance(80) ? "who" : "that") : (_r.Chance(80) ? "which" : "that");
            string par = _r.Chance(30) ? "(" + Parenthetical(past) + ") " : "";
            string adv = Frequency();
            string body;
            if (past)
            {
                body = _r.Weighted(2, 2, 1) switch
                {
                    0 => adv + V().Past + MaybeObject(),
                    1 => Be(pl, true) + " " + adv + Adj(),
                    _ => Be(pl, true) + " " + adv + V().Ing + " " + NP(_r.Chance(50)),
                };
            }
            else
            {
                body = _r.Weighted(3, 2, 1) switch
                {
                    0 => adv + VPres(V(), pl) + MaybeObject(),
                    1 => Be(pl, false) + " " + adv + Adj(),
                    _ => Have(pl) + " " + adv + V().Past + " " + NP(_r.Chance(50)),
                };
            }
            return rel + " " + par + body;
        }
        else
        {
            string rel = head.Animate ? (_r.Chance(60) ? "whom" : "that") : (_r.Chance(70) ? "which" : "that");
            string par = _r.Chance(30) ? "(" + Parenthetical(past) + ") " : "";
            bool innerPl = _r.Chance(50);
            string inner;
            if (_r.Chance(30))
            {
                inner = Name(_r.Pick(_cast));
                innerPl = false;
            }
            else
            {
                inner = NP(innerPl, out _, 50);
            }
            string adv = Frequency();
            string verb = past ? V().Past : _r.Chance(75) ? VPres(V(), innerPl) : Have(innerPl) + " " + V().Past;
            return rel + " " + par + inner + " " + adv + verb;
        }
    }

    private string Predicate(bool pl, bool past)
    {
        if (past)
        {
            return _r.Weighted(5, 3, 2, 2, 1) switch
            {
                0 => Be(pl, true) + " " + Adj(),
                1 => Be(pl, true) + " " + V().Ing + " " + NP(_r.Chance(50)),
                2 => Be(pl, true) + " " + V().Past + " by " + NP(_r.Chance(50), out _, 60),
                3 => Be(pl, true) + " not " + Adj() + " at all",
                _ => "had " + V().Past + " " + NP(_r.Chance(50)),
            };
        }
        return _r.Weighted(4, 4, 2, 2, 2) switch
        {
            0 => Be(pl, false) + " " + Adj(),
            1 => VPres(V(), pl) + " " + NP(_r.Chance(50)),
            2 => Have(pl) + " " + V().Past + " " + NP(_r.Chance(50)),
            3 => Do(pl) + " not " + V().Base + " " + NP(_r.Chance(50)),
            _ => Be(pl, false) + " said to " + V().Base + " " + NP(_r.Chance(50)),
        };
    }

    private string Parenthetical(bool past)
    {
        switch (_r.Weighted(4, 3, 2, 2, 2, 1))
        {
            case 0: return "as " + Name(_r.Pick(_cast)) + " " + (past ? "said" : "says");
            case 1:
                return "or so the " + _r.Pick(_x.Animate).Pl + " of " + _r.Pick(_x.Places) + " " + (past ? "claimed" : "claim");
            case 2: return Name(_r.Pick(_cast)) + " " + (past ? "swore" : "swears") + " to this";
            case 3: return _inNote ? "which is to say " + Adj() : "see " + Footnote();
            case 4: return SectionRef() ?? "which is to say " + Adj();
            default: return "and this is the " + Adj() + " part";
        }
    }

    // ---------------------------------------------------------------- dialogue

    private string InlineSpeech(Ctx c)
    {
        if (_r.Chance(50))
        {
            string s = Subj(c);
            string verb = _r.Pick("said", "whispered", "called out", "told the " + _r.Pick(_x.Animate).Pl);
            return s + " " + verb + ", \"" + Cap(Utterance(c)) + "\"";
        }
        string u = Utterance(c);
        string who = Subj(c);
        return "\"" + Cap(Attribution(u)) + "\" " + SpeechAfter(u, who);
    }

    private string DialogueTurn(Ctx c)
    {
        switch (_r.Weighted(4, 3, 2, 2, 2, 2))
        {
            case 0:
                {
                    string u = Utterance(c);
                    string who = Subj(c);
                    return "\"" + Cap(Attribution(u)) + "\" " + SpeechAfter(u, who);
                }
            case 1:
                {
                    string u = Utterance(c);
                    string who = Subj(c);
                    string first = "\"" + Cap(Attribution(u)) + "\" " + SpeechAfter(u, who);
                    return first + " \"" + Cap(Utterance(c)) + "\"";
                }
            case 2:
                {
                    string s = Subj(c);
                    string verb = _r.Pick("looked at", "turned to", "nodded to", "waited for", "smiled at");
                    string other = Name(c.Other!);
                    return s + " " + verb + " " + other + ". \"" + Cap(Utterance(c)) + "\"";
                }
            case 3:
                {
                    string u = Statement(c);
                    string who = Subj(c);
                    string rest = ", and " + Subj(c) + " " + V().Past + " " + PossRef(c) + " " + AnyNoun(0).Sg + ".";
                    return "\"" + Cap(Attribution(u)) + "\" " + (IsPronoun(who) ? who + " said" : "said " + who) + rest;
                }
            case 4:
                {
                    string u = Statement(c);
                    string who = Subj(c);
                    bool pl = _r.Chance(50);
                    string joint = _r.Pick("and", "but", "because", "so");
                    string cont = joint + " " + AgreeSubject(pl, false) + " " + Predicate(pl, false) + ".";
                    return "\"" + Cap(Attribution(u)) + "\" " + who + " " + _r.Pick("said", "went on", "added") + ", \"" + cont + "\"";
                }
            default:
                {
                    string s = Subj(c);
                    string act = s + " " + V().Past + " " + PossRef(c) + " " + AnyNoun(0).Sg + ".";
                    string u = Utterance(c);
                    string after = _r.Chance(50) ? " " + Cap(Subj(c)) + " " + _r.Pick("waited", "said nothing more", "did not look away") + "." : "";
                    return act + " \"" + Cap(u) + "\"" + after;
                }
        }
    }

    private string SpeechAfter(string utterance, string who)
    {
        string verb = utterance.EndsWith('?') ? "asked"
            : utterance.EndsWith('!') ? _r.Pick("called", "cried")
            : _r.Pick("said", "said", "answered", "replied", "whispered", "added");
        return (IsPronoun(who) || _r.Chance(50) ? who + " " + verb : verb + " " + who) + ".";
    }

    private static bool IsPronoun(string w) => w is "he" or "she";

    /// <summary>The form of an utterance that goes before "said X": its closing full stop becomes a comma.</summary>
    private static string Attribution(string u)
    {
        if (u.EndsWith(".'", StringComparison.Ordinal)) return u[..^2] + ",'";
        if (u.EndsWith('.')) return u[..^1] + ",";
        return u;
    }

    private string Statement(Ctx c)
    {
        while (true)
        {
            string u = Utterance(c);
            if (u.EndsWith('.')) return u;
        }
    }

    /// <summary>Something a character says, in the present tense, ending in its own punctuation. May quote
    /// someone else inside single quotes.</summary>
    private string Utterance(Ctx c)
    {
        bool pl = _r.Chance(50);
        switch (_r.Weighted(5, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1))
        {
            case 0:
                {
                    string subject = AgreeSubject(pl, false);
                    return subject + " " + Predicate(pl, false) + ".";
                }
            case 1:
                return "I " + V().Base + " the " + AnyNoun(20).Sg + " every " + _r.Pick("morning", "night", "winter", "year") + ".";
            case 2:
                {
                    string head = "you " + V().Base + " " + NP(pl) + " too " + _r.Pick("often", "early", "late", "much");
                    return head + (c.Other is not null && _r.Chance(50) ? ", " + Name(c.Other) : "") + ".";
                }
            case 3:
                return "we must " + V().Base + " the " + AnyNoun(20).Pl + " before " + _r.Pick("night", "dawn", "the rain", "the bells ring") + ".";
            case 4:
                return "where " + Be(pl, false) + " " + NP(pl) + "?";
            case 5:
                {
                    string np = NP(pl);
                    return Do(pl) + " " + np + " " + (_r.Chance(30) ? "still " : "") + V().Base + " " + NP(_r.Chance(50)) + "?";
                }
            case 6:
                {
                    var absent = _cast.Where(p => p != c.Focus && p != c.Other).ToList();
                    if (absent.Count > 0 && _r.Chance(50)) return "have you seen " + Name(_r.Pick(absent)) + "?";
                    return "did you " + V().Base + " " + NP(pl) + "?";
                }
            case 7:
                {
                    var (teller, obj) = Teller(c);
                    return teller + " told me, '" + Cap(Inner()) + ",' and I believed " + obj + ".";
                }
            case 8:
                {
                    var (teller, _) = Teller(c);
                    return teller + " " + _r.Pick("only said", "said", "kept saying", "wrote") + ", '" + Cap(Inner()) + ".'";
                }
            case 9:
                {
                    var (teller, _) = Teller(c);
                    return "did " + teller + " really say, '" + Cap(Inner()) + "'?";
                }
            default:
                {
                    string head = V().Base + " the " + AnyNoun(10).Sg;
                    return head + (c.Other is not null && _r.Chance(60) ? ", " + Name(c.Other) : "") + "!";
                }
        }
    }

    /// <summary>Who is quoted inside a quote: someone of the focus's gender (so that every he/she in the
    /// paragraph still agrees), or a group.</summary>
    private (string Who, string Obj) Teller(Ctx c)
    {
        var same = _cast.Where(p => p != c.Focus && p != c.Other && p.Female == c.Focus.Female).ToList();
        if (same.Count > 0 && _r.Chance(65))
        {
            var p = _r.Pick(same);
            return (Name(p), p.Obj);
        }
        return ("the " + _r.Pick(_x.Animate).Pl, "them");
    }

    /// <summary>A short present-tense clause, lower-case first and without end punctuation.</summary>
    private string Inner()
    {
        bool pl = _r.Chance(50);
        return _r.Below(5) switch
        {
            0 => "the " + AnyNoun(20).Sg + " " + Be(false, false) + " " + Adj(),
            1 => "the " + AnyNoun(30).Pl + " " + V().Base + " the " + AnyNoun(10).Sg,
            2 => "nobody " + V().Third + " the " + AnyNoun(0).Sg + " at night",
            3 => "every " + AnyNoun(30).Sg + " " + V().Third + " twice",
            _ => NP(pl) + " " + Be(pl, false) + " " + Adj(),
        };
    }

    private string Meeting(Ctx c)
    {
        string who = Name(c.Other!);
        string verb = _r.Pick("found", "met", "caught up with", "came upon");
        string focus = ObjRef(c);
        string where = _r.Chance(30) ? "in " + _r.Pick(_x.Places) : _r.Pick("near", "by", "on", "under") + " the " + AnyNoun(0).Sg;
        return who + " " + verb + " " + focus + " " + where + (_r.Chance(40) ? " " + Time() : "") + ".";
    }

    // ---------------------------------------------------------------- brackets, notes, ledger

    /// <summary>An aside in brackets, nested up to three deep: ( [ { } ] ) mostly, other orders sometimes.</summary>
    private string Bracketed(int depth)
    {
        char open = depth switch
        {
            1 => _r.Chance(80) ? '(' : '[',
            2 => _r.Chance(75) ? '[' : '(',
            _ => _r.Chance(70) ? '{' : '[',
        };
        string content = open switch
        {
            '(' => _r.Below(5) switch
            {
                0 => IndefiniteAdjNoun(),
                1 => "or " + AnyNoun(10).Pl + ", as " + Name(_r.Pick(_cast)) + " called them",
                2 => "the " + AnyNoun(30).Pl + " of " + _r.Pick(_x.Places),
                3 => "which " + Name(_r.Pick(_cast)) + " never " + V().Past,
                _ => NumberWords[_r.Range(2, 12)] + " in all",
            },
            '[' => _r.Below(4) switch
            {
                0 => SectionRef() ?? "sic",
                1 => "the ledger says " + Adj(),
                2 => "see the " + AnyNoun(20).Pl,
                _ => "so " + Name(_r.Pick(_cast)) + " wrote",
            },
            _ => _r.Below(5) switch
            {
                0 => "mark " + N(_r.Range(1, 40)),
                1 => "sic",
                2 => "twice",
                3 => "struck out",
                _ => N(_r.Range(2, 30)) + " times",
            },
        };
        if (depth < 3 && _r.Chance(depth == 1 ? 55 : 40)) content += " " + Bracketed(depth + 1);
        return open + content + Close(open);
    }

    private string IndefiniteAdjNoun()
    {
        string adj = Adj();
        return AOrAn(adj) + " " + adj + " " + AnyNoun(10).Sg;
    }

    private static char Close(char open) => open switch { '(' => ')', '[' => ']', _ => '}' };

    private string? SectionRef() => _doneSections.Count == 0 ? null : "see " + _r.Pick(_doneSections);

    private string MaybeFootnote() => _inNote || !_r.Chance(25) ? "" : " " + Footnote();

    /// <summary>A footnote marker; its number is given later, in text order. The note is written now.</summary>
    private string Footnote()
    {
        if (_inNote) return "[" + (SectionRef() ?? "sic") + "]";
        int id = _noteTexts.Count;
        _noteTexts.Add("");
        _inNote = true;
        string text = _r.Below(3) switch
        {
            0 => Cap(LoreSentence()),
            1 => "So " + Name(_r.Pick(_cast)) + " said; the " + _r.Pick(_x.Animate).Pl + " of " + _r.Pick(_x.Places) + " " + _r.Pick("disagree", "say otherwise", "say nothing") + ".",
            _ => "The word is " + Adj() + " here; " + (SectionRef() ?? "so the ledger has it") + ".",
        };
        _inNote = false;
        _noteTexts[id] = text;
        return "[" + NoteOpen + N(id) + NoteClose + "]";
    }

    private abstract record LVal;

    private sealed record LAtom(string Text) : LVal;

    private sealed record LColl(char Open, List<(string? Key, LVal Val)> Items) : LVal;

    private void LedgerBlock()
    {
        var p = _r.Pick(_cast);
        string intro = _r.Below(3) switch
        {
            0 => "the ledger of " + _place + " for that year read as follows.",
            1 => Name(p) + " copied the " + AnyNoun(20).Pl + " into the ledger, and " + p.Subj + " was careful with the brackets:",
            _ => "this is what the ledger of " + _place + " says:",
        };
        Para([intro]);
        var top = Record(1, _r.Range(3, 5), _r.Range(3, 5));
        var lines = new List<string>();
        Render(top, 4, "ledger " + _place + " ", "", lines);
        _blocks.Add(lines.Select(l => new Unit(l, "", "", false)).ToList());
    }

    private LColl Record(int depth, int maxDepth, int entries)
    {
        var items = new List<(string? Key, LVal Val)>();
        var keys = new HashSet<string>();
        while (items.Count < entries)
        {
            string key = AnyNoun(30).Pl;
            if (!keys.Add(key)) continue;
            items.Add((key, Value(depth + 1, maxDepth)));
        }
        return new LColl('{', items);
    }

    private LVal Value(int depth, int maxDepth)
    {
        if (depth >= maxDepth || _r.Chance(20 + depth * 12)) return Atom();
        int count = _r.Range(1, 4);
        switch (_r.Weighted(4, 2, 3))
        {
            case 0:
                {
                    var items = new List<(string? Key, LVal Val)>();
                    // At least two, so that a list never reads like a footnote marker "[7]".
                    for (int i = 0; i < Math.Max(2, count); i++) items.Add((null, Value(depth + 1, maxDepth)));
                    return new LColl('[', items);
                }
            case 1:
                {
                    var items = new List<(string? Key, LVal Val)>();
                    for (int i = 0; i < Math.Max(2, count); i++) items.Add((null, Value(depth + 1, maxDepth)));
                    return new LColl('(', items);
                }
            default:
                return Record(depth, maxDepth, count);
        }
    }

    private LAtom Atom() => _r.Below(5) switch
    {
        0 or 1 => new LAtom(N(_r.Range(1, 99))),
        2 => new LAtom(Adj()),
        3 => new LAtom("\"" + _r.Pick(_cast).First + "\""),
        _ => new LAtom(AnyNoun(20).Pl),
    };

    private static string Inline(LVal v) => v switch
    {
        LAtom a => a.Text,
        LColl c => c.Open + string.Join(", ", c.Items.Select(i => (i.Key is null ? "" : i.Key + ": ") + Inline(i.Val))) + Close(c.Open),
        _ => throw new InvalidOperationException(),
    };

    private static int Depth(LVal v) => v is LColl c ? 1 + c.Items.Select(i => Depth(i.Val)).DefaultIfEmpty(0).Max() : 0;

    private static void Render(LVal v, int indent, string prefix, string suffix, List<string> lines)
    {
        string pad = new(' ', indent);
        string inline = prefix + Inline(v) + suffix;
        if (v is not LColl c || (indent + inline.Length <= Width && Depth(v) <= 2))
        {
            lines.Add(pad + inline);
            return;
        }
        lines.Add(pad + prefix + c.Open);
        for (int i = 0; i < c.Items.Count; i++)
        {
            var (key, val) = c.Items[i];
            Render(val, indent + 4, key is null ? "" : key + ": ", i < c.Items.Count - 1 ? "," : "", lines);
        }
        lines.Add(pad + Close(c.Open) + suffix);
    }

    // ---------------------------------------------------------------- words and references

    private string Name(Person p)
    {
        if (_inNote) return p.First + " " + p.Family;
        return _introduced.Add(p) ? p.First + " " + p.Family : p.First;
    }

    /// <summary>The focus as a subject: named the first time in the paragraph, then mostly he or she.</summary>
    private string Subj(Ctx c)
    {
        if (!c.Named)
        {
            c.Named = true;
            return Name(c.Focus);
        }
        return _r.Chance(15) ? Name(c.Focus) : c.Focus.Subj;
    }

    private string ObjRef(Ctx c)
    {
        if (!c.Named)
        {
            c.Named = true;
            return Name(c.Focus);
        }
        return _r.Chance(10) ? Name(c.Focus) : c.Focus.Obj;
    }

    private string PossRef(Ctx c)
    {
        if (!c.Named)
        {
            c.Named = true;
            return Name(c.Focus) + "'s";
        }
        return c.Focus.Poss;
    }

    private string Time() => _r.Below(7) switch
    {
        0 => "at dawn",
        1 => "at dusk",
        2 => "that night",
        3 => "in the morning",
        4 => "before the rain",
        5 => "on the " + _r.Pick(Ordinals) + " day",
        _ => "after the " + AnyNoun(30).Pl + " had " + V().Past,
    };

    private string PlaceAdjunct() => _r.Below(4) switch
    {
        0 => " in " + _r.Pick(_x.Places),
        1 => " near the " + AnyNoun(0).Sg,
        _ => "",
    };

    private string Frequency() =>
        _r.Chance(35) ? _r.Pick("never", "always", "often", "seldom", "still", "rarely") + " " : "";

    private string MaybeObject() => _r.Chance(65) ? " " + NP(_r.Chance(50)) : "";

    private string Adj() => _r.Pick(_x.Adjectives);

    private Noun AnyNoun(int animatePercent) =>
        _r.Chance(animatePercent) ? _r.Pick(_x.Animate) : _r.Pick(_x.Inanimate);

    private Verb V() => _r.Pick(_x.Verbs);

    private static string Form(Noun n, bool pl) => pl ? n.Pl : n.Sg;

    private static string AOrAn(string next) => Lexicon.IsVowel(next[0]) ? "an" : "a";

    private string NP(bool pl) => NP(pl, out _, 30);

    private string NP(bool pl, out Noun n, int animatePercent)
    {
        n = AnyNoun(animatePercent);
        string head = (_r.Chance(35) ? Adj() + " " : "") + Form(n, pl);
        return Det(pl, head) + " " + head;
    }

    private string Det(bool pl, string head)
    {
        if (pl)
        {
            return _r.Weighted(70, 8, 8, 5, 5, 4) switch
            {
                0 => "the",
                1 => "these",
                2 => "those",
                3 => "all the",
                4 => "the two",
                _ => "both the",
            };
        }
        return _r.Weighted(66, 7, 7, 6, 4, 10) switch
        {
            0 => "the",
            1 => "this",
            2 => "that",
            3 => "every",
            4 => "each",
            _ => AOrAn(head),
        };
    }

    private static string VPres(Verb v, bool pl) => pl ? v.Base : v.Third;

    private static string Be(bool pl, bool past) => past ? (pl ? "were" : "was") : (pl ? "are" : "is");

    private static string Have(bool pl) => pl ? "have" : "has";

    private static string Do(bool pl) => pl ? "do" : "does";

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Upper-cases the first letter (after any opening quote or bracket).</summary>
    private static string Cap(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsLetter(s[i]))
            {
                return char.IsUpper(s[i]) ? s : s[..i] + char.ToUpperInvariant(s[i]) + s[(i + 1)..];
            }
            if (char.IsDigit(s[i])) return s;
        }
        return s;
    }

    private static void WrapInto(StringBuilder sb, string text, string first, string rest)
    {
        var line = new StringBuilder(first);
        bool empty = true;
        foreach (string word in text.Split(' '))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                sb.Append(line).Append('\n');
                line.Clear().Append(rest);
                empty = true;
            }
            if (!empty) line.Append(' ');
            line.Append(word);
            empty = false;
        }
        sb.Append(line).Append('\n');
    }
}
