using System.Globalization;

namespace CallingBot.Bench;

/// <summary>Latency samples in milliseconds and their percentiles (nearest rank).</summary>
internal sealed class Samples
{
    private readonly List<double> _values;
    private bool _sorted;

    public Samples(IEnumerable<double>? values = null) => _values = values?.ToList() ?? [];

    public int Count => _values.Count;

    public void Add(double value)
    {
        _values.Add(value);
        _sorted = false;
    }

    public void AddRange(IEnumerable<double> values)
    {
        _values.AddRange(values);
        _sorted = false;
    }

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    public double Max => Percentile(1.0);

    public double Percentile(double p)
    {
        if (_values.Count == 0)
        {
            return double.NaN;
        }

        if (!_sorted)
        {
            _values.Sort();
            _sorted = true;
        }

        return _values[Math.Clamp((int)Math.Ceiling(p * _values.Count) - 1, 0, _values.Count - 1)];
    }

    public static string Ms(double value) => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    public static string Ratio(double value, double floor) => (value / floor).ToString("0.0", CultureInfo.InvariantCulture) + "×";
}
