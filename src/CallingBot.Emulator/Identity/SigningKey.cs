using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.Emulator.Identity;

/// <summary>The RSA key that signs every token the emulator issues, published in its JWKS.</summary>
internal sealed class SigningKey : IDisposable
{
    private const string FileName = "signing-key.pem";

    // Ephemeral emulators in one process share one generated key: RSA generation is slow and tests start many.
    private static readonly Lazy<SigningKey> Ephemeral = new(() => new SigningKey(RSA.Create(2048), shared: true));

    private readonly bool _shared;

    private SigningKey(RSA rsa, bool shared = false)
    {
        _shared = shared;
        Rsa = rsa;
        var parameters = rsa.ExportParameters(false);
        var material = new byte[parameters.Modulus!.Length + parameters.Exponent!.Length];
        parameters.Modulus.CopyTo(material, 0);
        parameters.Exponent.CopyTo(material, parameters.Modulus.Length);
        KeyId = Base64UrlEncoder.Encode(SHA256.HashData(material).AsSpan(0, 16).ToArray());
        SecurityKey = new RsaSecurityKey(rsa) { KeyId = KeyId };
        Credentials = new SigningCredentials(SecurityKey, SecurityAlgorithms.RsaSha256);
        Modulus = Base64UrlEncoder.Encode(parameters.Modulus);
        Exponent = Base64UrlEncoder.Encode(parameters.Exponent);
    }

    public RSA Rsa { get; }

    public string KeyId { get; }

    public RsaSecurityKey SecurityKey { get; }

    public SigningCredentials Credentials { get; }

    public string Modulus { get; }

    public string Exponent { get; }

    /// <summary>Loads the key from <paramref name="dataDirectory"/>, or creates it (and stores it when a directory is given).</summary>
    public static SigningKey LoadOrCreate(string? dataDirectory)
    {
        if (dataDirectory is null)
        {
            return Ephemeral.Value;
        }

        var rsa = RSA.Create();

        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            PrivateFile.Restrict(path);
            rsa.ImportFromPem(File.ReadAllText(path));
            return new SigningKey(rsa);
        }

        rsa.KeySize = 2048;
        PrivateFile.WriteAllText(path, rsa.ExportPkcs8PrivateKeyPem());
        return new SigningKey(rsa);
    }

    public void Dispose()
    {
        if (!_shared)
        {
            Rsa.Dispose();
        }
    }
}
