namespace CorpusGenerator;

internal sealed record Noun(string Sg, string Pl, bool Animate);

internal sealed record Verb(string Base, string Third, string Past, string Ing);

internal sealed record Person(string First, string Family, bool Female)
{
    public string Subj => Female ? "she" : "he";
    public string Obj => Female ? "her" : "him";
    public string Poss => Female ? "her" : "his";
}

/// <summary>
/// The made-up vocabulary: invented nouns, verbs, adjectives, places and people, built from syllables by the
/// seeded generator, plus a short hand-written list of plain English nouns and adjectives. Function words
/// (the, of, who, was, said ...) are English and live in <see cref="Book"/>.
/// </summary>
internal sealed class Lexicon
{
    // Syllable parts. Empty strings weight the draw towards open syllables and vowel-initial words.
    private static readonly string[] Onsets =
    [
        "", "", "b", "br", "bl", "d", "dr", "f", "fr", "fl", "g", "gr", "gl", "h", "k", "kr", "l", "m", "n", "p",
        "pr", "pl", "r", "s", "st", "sk", "sl", "sp", "t", "tr", "th", "v", "w", "z", "sh", "ch", "qu", "c", "cr",
        "j", "y", "sn", "sw", "tw",
    ];

    private static readonly string[] MidOnsets =
    [
        "b", "d", "g", "l", "m", "n", "p", "r", "s", "t", "v", "w", "th", "ll", "rr", "nn", "k", "f", "z",
    ];

    private static readonly string[] Nuclei =
    [
        "a", "a", "a", "e", "e", "e", "i", "i", "o", "o", "o", "u", "u", "ai", "ea", "oo", "ou", "au", "oa", "ee",
    ];

    private static readonly string[] Codas =
    [
        "", "", "", "n", "m", "l", "r", "s", "st", "nd", "rk", "lt", "sk", "ck", "th", "ng", "rn", "ld", "nt",
        "sp", "lm", "rd", "x", "ft", "mb",
    ];

    private static readonly string[] InanimateTails =
        ["", "", "", "", "el", "et", "ow", "en", "ock", "il", "in", "ace", "ick", "le", "ot", "ard"];

    private static readonly string[] AnimateTails = ["er", "er", "ling", "wright", "man", "ard", "ess", "ist"];

    private static readonly string[] VerbTails = ["", "", "", "", "en", "le", "er", "ish", "ow"];

    private static readonly string[] AdjectiveTails =
        ["", "en", "ish", "y", "ic", "ous", "al", "some", "ful", "id", "ant", "ly"];

    private static readonly string[] PlaceTails =
        ["mere", "holt", "wick", "dun", "ay", "or", "oth", "el", "isk", "avel", "ow", "um", "ith", "ane"];

    private static readonly string[] FamilyTails =
        ["ing", "ett", "ow", "ley", "man", "son", "er", "well", "by", "ard", "ick"];

    // A few plain English words keep the prose readable; everything else is invented.
    private static readonly (string Sg, string Pl, bool Animate)[] EnglishNouns =
    [
        ("keeper", "keepers", true), ("ferryman", "ferrymen", true), ("watchman", "watchmen", true),
        ("weaver", "weavers", true), ("miller", "millers", true), ("stranger", "strangers", true),
        ("child", "children", true), ("herald", "heralds", true),
        ("tower", "towers", false), ("gate", "gates", false), ("road", "roads", false), ("lamp", "lamps", false),
        ("bell", "bells", false), ("boat", "boats", false), ("field", "fields", false),
        ("river", "rivers", false), ("door", "doors", false), ("hill", "hills", false),
        ("house", "houses", false), ("bridge", "bridges", false), ("wall", "walls", false),
        ("well", "wells", false), ("stone", "stones", false), ("window", "windows", false),
        ("key", "keys", false), ("box", "boxes", false), ("glass", "glasses", false),
        ("lantern", "lanterns", false), ("rope", "ropes", false), ("cart", "carts", false),
        ("mill", "mills", false), ("coat", "coats", false),
    ];

    private static readonly string[] EnglishAdjectives =
    [
        "old", "cold", "small", "dark", "quiet", "grey", "narrow", "tall", "bright", "heavy", "empty", "broken",
        "distant", "pale", "low", "green", "long", "young",
    ];

    // Words the invented lexicon must not produce: function words and a few strings that should never appear.
    private static readonly string[] Reserved =
    [
        "the", "and", "was", "were", "his", "her", "him", "she", "they", "them", "who", "whom", "which", "that",
        "this", "these", "those", "not", "but", "for", "from", "with", "into", "some", "many", "all", "one", "two",
        "three", "has", "have", "had", "did", "does", "said", "then", "there", "than", "when", "what", "where",
        "why", "how", "once", "only", "also", "near", "over", "under", "upon", "their", "your", "our", "its",
        "are", "each", "every", "never", "always", "often", "still", "rain", "night", "dawn", "dusk",
    ];

    private static readonly string[] Forbidden =
    [
        "fuck", "shit", "cunt", "nig", "fag", "slut", "whor", "dick", "cock", "rap", "piss", "tit", "cum", "ass",
        "jew", "naz", "homo", "dyke", "twat", "wank", "porn", "sex", "kill", "dead", "die", "rus", "god", "hell",
        "damn", "bitch", "poo", "pee", "fart", "butt", "anal", "anus", "semen", "spunk", "crap", "turd", "boob",
        "tard", "coon", "spic", "chink", "gook", "kike", "wop", "hoe", "pussy", "vag", "pen", "lust", "nude",
    ];

    private static readonly string[] VowelPairs = ["ai", "ea", "oo", "ou", "au", "oa", "ee", "ie", "ei"];

    private static readonly string[] BadClusters = ["uu", "ii", "aa", "yy", "hh", "wu", "yi", "quu", "ckr", "ckl"];

    private readonly Rng _r;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public List<Noun> Animate { get; } = [];
    public List<Noun> Inanimate { get; } = [];
    public List<Verb> Verbs { get; } = [];
    public List<string> Adjectives { get; } = [];
    public List<string> Places { get; } = [];
    public List<Person> People { get; } = [];

    public Lexicon(Rng r)
    {
        _r = r;
        foreach (string w in Reserved) _used.Add(w);
        foreach (var (sg, pl, animate) in EnglishNouns)
        {
            _used.Add(sg);
            (animate ? Animate : Inanimate).Add(new Noun(sg, pl, animate));
        }
        foreach (string a in EnglishAdjectives)
        {
            _used.Add(a);
            Adjectives.Add(a);
        }

        while (Inanimate.Count < 130)
        {
            string sg = Fresh(() => Stem(65) + _r.Pick(InanimateTails), noun: true);
            Inanimate.Add(new Noun(sg, Plural(sg), false));
        }
        while (Animate.Count < 40)
        {
            string sg = Fresh(() => Stem(80) + _r.Pick(AnimateTails), noun: true);
            Animate.Add(new Noun(sg, Plural(sg), true));
        }
        while (Verbs.Count < 110)
        {
            string v = Fresh(() => Stem(70) + _r.Pick(VerbTails), verb: true);
            Verbs.Add(new Verb(v, ThirdPerson(v), Past(v), Ing(v)));
        }
        while (Adjectives.Count < 90)
        {
            Adjectives.Add(Fresh(() => Stem(75) + _r.Pick(AdjectiveTails)));
        }
        while (Places.Count < 18)
        {
            Places.Add(Capitalise(Fresh(() => Stem(70) + _r.Pick(PlaceTails))));
        }
        var firsts = new HashSet<string>(StringComparer.Ordinal);
        while (People.Count < 26)
        {
            string first = Capitalise(Fresh(() => Stem(20) + _r.Pick("a", "o", "e", "i", "el", "an", "in", "is", "en", "ar", "")));
            if (first.Length > 8 || !firsts.Add(first)) continue;
            string family = Capitalise(Fresh(() => Stem(60) + _r.Pick(FamilyTails)));
            People.Add(new Person(first, family, People.Count % 2 == 0 ? _r.Chance(50) : !People[^1].Female));
        }
    }

    private string Fresh(Func<string> make, bool verb = false, bool noun = false)
    {
        while (true)
        {
            string w = make();
            if (!Acceptable(w, verb)) continue;
            // A singular noun must not look plural, so that number is always visible in the noun itself.
            if (noun && (w.EndsWith('s') || w.EndsWith("men", StringComparison.Ordinal))) continue;
            if (!_used.Add(w)) continue;
            return w;
        }
    }

    private string Stem(int oneSyllablePercent)
    {
        string onset = _r.Pick(Onsets);
        string nucleus = _r.Pick(Nuclei);
        if (_r.Chance(oneSyllablePercent)) return onset + nucleus + _r.Pick(Codas);
        // Two syllables: keep the join soft (one short coda, one single consonant) so words stay sayable.
        return onset + nucleus + _r.Pick("", "", "", "n", "l", "r", "s", "m") + _r.Pick(MidOnsets) + _r.Pick(Nuclei)
            + _r.Pick("", "", "n", "l", "r", "s", "m", "st", "nd");
    }

    private static bool Acceptable(string w, bool verb)
    {
        if (w.Length < 4 || w.Length > (verb ? 8 : 9)) return false;
        foreach (string f in Forbidden)
        {
            if (w.Contains(f, StringComparison.Ordinal)) return false;
        }
        foreach (string bad in BadClusters)
        {
            if (w.Contains(bad, StringComparison.Ordinal)) return false;
        }
        if (w[0] == w[1]) return false;
        // Vowel runs: at most two letters, and only the familiar pairs. Consonant runs: at most two letters,
        // or three where one pair is a digraph (th, sh, ch, ck, ng) or the run ends the word.
        int i = 0;
        while (i < w.Length)
        {
            int j = i;
            bool vowel = IsVowel(w[i]);
            while (j < w.Length && IsVowel(w[j]) == vowel) j++;
            string run = w[i..j];
            if (vowel)
            {
                if (run.Length > 2 || (run.Length == 2 && Array.IndexOf(VowelPairs, run) < 0)) return false;
            }
            else if (run.Length > 2)
            {
                bool digraph = run.Contains("th", StringComparison.Ordinal) || run.Contains("sh", StringComparison.Ordinal)
                    || run.Contains("ch", StringComparison.Ordinal) || run.Contains("ck", StringComparison.Ordinal)
                    || run.Contains("ng", StringComparison.Ordinal);
                if (run.Length > 3 || !(digraph || j == w.Length) || (i > 0 && j < w.Length && run[0] == run[1])) return false;
            }
            i = j;
        }
        if (verb && (w.EndsWith('y') || w.EndsWith("ee", StringComparison.Ordinal))) return false;
        return true;
    }

    public static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    public static string Capitalise(string w) => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..];

    private static string Plural(string w)
    {
        if (w.EndsWith("man", StringComparison.Ordinal)) return w[..^3] + "men";
        return SForm(w);
    }

    private static string ThirdPerson(string v) => SForm(v);

    private static string SForm(string w)
    {
        if (w.EndsWith('s') || w.EndsWith('x') || w.EndsWith('z') || w.EndsWith("sh", StringComparison.Ordinal)
            || w.EndsWith("ch", StringComparison.Ordinal))
        {
            return w + "es";
        }
        if (w.EndsWith('y') && !IsVowel(w[^2])) return w[..^1] + "ies";
        return w + "s";
    }

    private static string Past(string v) => v.EndsWith('e') ? v + "d" : v + "ed";

    private static string Ing(string v) => v.EndsWith('e') && v.Length > 3 ? v[..^1] + "ing" : v + "ing";
}
