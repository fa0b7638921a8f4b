namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// The locale data Java date patterns need: month and day names (CLDR "format" forms, as java.time uses for
/// <c>MMM</c>/<c>MMMM</c>/<c>EEE</c>), AM/PM, eras, and week rules. Names are embedded for a handful of
/// languages (the process runs with invariant globalization); others fail clearly when a pattern needs names.
/// </summary>
internal sealed class DateLocale
{
    private static readonly string[] EnglishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] EnglishMonthsShort = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static readonly string[] EnglishDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    private static readonly string[] EnglishDaysShort = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    private static readonly Dictionary<string, (string[] Months, string[] MonthsShort, string[] Days, string[] DaysShort)> Names = new()
    {
        ["en"] = (EnglishMonths, EnglishMonthsShort, EnglishDays, EnglishDaysShort),
        ["de"] = (["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
                  ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
                  ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
                  ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."]),
        ["fr"] = (["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
                  ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
                  ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
                  ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]),
        ["it"] = (["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
                  ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"],
                  ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"],
                  ["lun", "mar", "mer", "gio", "ven", "sab", "dom"]),
        ["es"] = (["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
                  ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
                  ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
                  ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"]),
        ["nl"] = (["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
                  ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
                  ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
                  ["ma", "di", "wo", "do", "vr", "za", "zo"]),
        ["pt"] = (["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
                  ["jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."],
                  ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"],
                  ["seg.", "ter.", "qua.", "qui.", "sex.", "sáb.", "dom."]),
    };

    // Regions whose weeks start on Sunday with week 1 holding January 1st (CLDR); others here follow ISO rules.
    private static readonly HashSet<string> SundayRegions = ["US", "CA", "JP", "BR", "MX", "IL", "KR", "TW", "HK", "PH", "IN", "ZA", "SA", "CN"];
    private static readonly Dictionary<string, string> DefaultRegion = new() { ["en"] = "US", ["de"] = "DE", ["fr"] = "FR", ["it"] = "IT", ["es"] = "ES", ["nl"] = "NL", ["pt"] = "BR" };

    private DateLocale(string tag, string language, WeekRules weeks, bool hasNames)
    {
        Tag = tag;
        Language = language;
        Weeks = weeks;
        HasNames = hasNames;
        var names = Names.TryGetValue(language, out var found) ? found : Names["en"];
        Months = names.Months;
        MonthsShort = names.MonthsShort;
        Days = names.Days;
        DaysShort = names.DaysShort;
        MonthsNarrow = Months.Select(name => name[..1].ToUpperInvariant()).ToArray();
        DaysNarrow = Days.Select(name => name[..1].ToUpperInvariant()).ToArray();
    }

    /// <summary>Locale.ROOT: English names, ISO week rules (OpenSearch's IsoCalendarDataProvider).</summary>
    public static DateLocale Root { get; } = new("", "en", WeekRules.Iso, true);

    /// <summary>Locale.ENGLISH (date_index_name's default).</summary>
    public static DateLocale English { get; } = new("en", "en", new WeekRules(7, 1), true);

    public string Tag { get; }
    public string Language { get; }
    public WeekRules Weeks { get; }

    /// <summary>False when we have no names for the language (patterns with text fields are then refused).</summary>
    public bool HasNames { get; }

    public string[] Months { get; }
    public string[] MonthsShort { get; }
    public string[] Days { get; }
    public string[] DaysShort { get; }
    public string[] MonthsNarrow { get; }
    public string[] DaysNarrow { get; }
    public string[] AmPm { get; } = ["AM", "PM"];
    public string[] Eras { get; } = ["BC", "AD"];
    public string[] ErasFull { get; } = ["Before Christ", "Anno Domini"];

    public static IEnumerable<string> LanguagesWithNames => Names.Keys;

    /// <summary>Parses a language tag such as <c>en</c>, <c>en-US</c>, <c>en_US</c>, <c>it</c> or <c>ROOT</c>.</summary>
    public static bool TryParse(string? tag, out DateLocale locale, out string error)
    {
        error = "";
        locale = Root;
        if (tag is null) return true;
        var trimmed = tag.Trim();
        if (trimmed.Length == 0 || trimmed.Equals("root", StringComparison.OrdinalIgnoreCase)) return true;
        var parts = trimmed.Replace('_', '-').Split('-');
        var language = parts[0].ToLowerInvariant();
        if (language.Length is < 2 or > 8 || !language.All(char.IsAsciiLetter))
        {
            error = $"Invalid language tag specified: {tag}";
            return false;
        }
        string? region = null;
        foreach (var part in parts.Skip(1))
        {
            if (part.Length == 2 && part.All(char.IsAsciiLetter)) { region = part.ToUpperInvariant(); break; }
            if (part.Length == 3 && part.All(char.IsAsciiDigit)) { region = part; break; }
        }
        region ??= DefaultRegion.GetValueOrDefault(language);
        var weeks = region is null ? new WeekRules(1, 1) : SundayRegions.Contains(region) ? new WeekRules(7, 1) : WeekRules.Iso;
        locale = new DateLocale(trimmed, language, weeks, Names.ContainsKey(language));
        return true;
    }
}
