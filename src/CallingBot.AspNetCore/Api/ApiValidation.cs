using System.Buffers;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CallingBot.AspNetCore.Api;

/// <summary>Checks request values against <see cref="ApiLimits"/>, recording each problem under its JSON field path.</summary>
internal static class ApiValidation
{
    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:@");

    /// <summary>True when <paramref name="value"/> is 1 to <paramref name="max"/> id characters.</summary>
    public static bool IsId(string value, int max = ApiLimits.MaxIdLength) =>
        value.Length > 0 && value.Length <= max && !value.AsSpan().ContainsAnyExcept(IdCharacters);

    /// <summary>An optional id: absent is fine; otherwise at most <paramref name="max"/> characters of the id grammar.</summary>
    public static bool Id(string? value, string field, ModelStateDictionary errors, int max = ApiLimits.MaxIdLength)
    {
        if (value is null)
        {
            return true;
        }

        if (value.Length > max)
        {
            errors.AddModelError(field, TooLong(field, max));
            return false;
        }

        if (!IsId(value, max))
        {
            errors.AddModelError(field, $"'{field}' may only hold letters, digits and - _ . : @ (1 to {max} characters).");
            return false;
        }

        return true;
    }

    /// <summary>An optional id where a blank value counts as absent.</summary>
    public static bool OptionalId(string? value, string field, ModelStateDictionary errors) =>
        string.IsNullOrWhiteSpace(value) || Id(value, field, errors);

    /// <summary>Optional text shown to people: at most <paramref name="max"/> characters, no control characters.</summary>
    public static bool Text(string? value, string field, int max, ModelStateDictionary errors)
    {
        if (value is null)
        {
            return true;
        }

        if (value.Length > max)
        {
            errors.AddModelError(field, TooLong(field, max));
            return false;
        }

        if (value.Any(IsControl))
        {
            errors.AddModelError(field, $"'{field}' must not contain control characters or line breaks.");
            return false;
        }

        return true;
    }

    /// <summary>An optional list: at most <paramref name="max"/> items.</summary>
    public static bool Count<T>(IReadOnlyCollection<T>? items, string field, int max, ModelStateDictionary errors)
    {
        if (items is not null && items.Count > max)
        {
            errors.AddModelError(field, $"'{field}' holds at most {max} items (was {items.Count}).");
            return false;
        }

        return true;
    }

    public static string TooLong(string field, int max) => $"'{field}' must be at most {max} characters.";

    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
