namespace CallingBot.AspNetCore.Telemetry;

internal enum OtlpProtocol
{
    /// <summary>OTLP over gRPC (usually port 4317).</summary>
    Grpc,

    /// <summary>OTLP over HTTP with protobuf bodies (usually port 4318).</summary>
    HttpProtobuf,
}
