using System.Globalization;
using System.Text;

namespace Backfill.Core.Reporting.Html;

/// <summary>One bar: its axis label, its value, and the tooltip shown on hover (an SVG &lt;title&gt;).</summary>
public readonly record struct Bar(string Label, double Value, string Tooltip);

/// <summary>
/// A bar chart as inline SVG (no script, no external style): a y axis with three round ticks, at most a dozen x
/// labels, one &lt;rect&gt; per bar with a &lt;title&gt; tooltip. Every text is escaped.
/// </summary>
public static class BarChart
{
    private const int Width = 760, Height = 240, Left = 64, Right = 12, Top = 12, Bottom = 44;

    public static string Svg(IReadOnlyList<Bar> bars, string description, string yAxis)
    {
        var svg = new StringBuilder();
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var max = NiceCeiling(bars.Count == 0 ? 0 : bars.Max(b => b.Value));
        svg.Append(Inv($"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{HtmlText.Encode(description)}\">"));
        svg.Append(Inv($"<text class=\"axis\" x=\"12\" y=\"{Top + plotHeight / 2}\" transform=\"rotate(-90 12 {Top + plotHeight / 2})\" text-anchor=\"middle\">{HtmlText.Encode(yAxis)}</text>"));
        for (var t = 0; t <= 2; t++)
        {
            var value = max * t / 2;
            var y = Top + plotHeight - plotHeight * t / 2.0;
            svg.Append(Inv($"<line class=\"grid\" x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Width - Right}\" y2=\"{y:0.#}\"/>"));
            svg.Append(Inv($"<text class=\"axis\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Short(value)}</text>"));
        }
        if (bars.Count > 0)
        {
            var slot = (double)plotWidth / bars.Count;
            var labelEvery = Math.Max(1, (int)Math.Ceiling(bars.Count / 12.0));
            for (var i = 0; i < bars.Count; i++)
            {
                var bar = bars[i];
                var height = max <= 0 ? 0 : plotHeight * Math.Max(0, bar.Value) / max;
                var x = Left + i * slot + slot * 0.1;
                svg.Append(Inv($"<rect class=\"bar\" x=\"{x:0.##}\" y=\"{Top + plotHeight - height:0.##}\" width=\"{Math.Max(1, slot * 0.8):0.##}\" height=\"{height:0.##}\"><title>{HtmlText.Encode(bar.Tooltip)}</title></rect>"));
                if (i % labelEvery == 0)
                    svg.Append(Inv($"<text class=\"axis\" x=\"{Left + (i + 0.5) * slot:0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{HtmlText.Encode(bar.Label)}</text>"));
            }
        }
        svg.Append(Inv($"<line class=\"axis-line\" x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Width - Right}\" y2=\"{Top + plotHeight}\"/>"));
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/>.</summary>
    public static double NiceCeiling(double value)
    {
        if (value <= 0) return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
            if (step * power >= value) return step * power;
        return 10 * power;
    }

    private static string Short(double value) => value switch
    {
        >= 1e9 => (value / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "G",
        >= 1e6 => (value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e3 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("0.#", CultureInfo.InvariantCulture),
    };

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
