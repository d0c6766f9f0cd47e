using System.Text.Json;
using CallingBot.Graph.Notifications;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Serialization;

namespace CallingBot.Graph.Tests.Notifications;

/// <summary>
/// The reader binds each model type's generated field deserializers once and applies them to every model of the type;
/// a model whose deserializers are not plain methods of the model keeps its own.
/// </summary>
public sealed class ModelFieldsTests
{
    public static TheoryData<IParsable> GraphModels() => new()
    {
        new Call(), new Participant(), new IdentitySet(), new Identity(), new ParticipantInfo(), new InvitationParticipantInfo(),
        new MediaStream(), new CallMediaState(), new ServiceHostedMediaConfig(), new AppHostedMediaConfig(), new ChatInfo(),
        new OrganizerMeetingInfo(), new ResultInfo(), new CallTranscriptionInfo(), new ToneInfo(), new MediaInfo(),
    };

    [Theory]
    [MemberData(nameof(GraphModels))]
    public void Of_AGeneratedGraphModel_SharesItsTypesDeserializers(IParsable model)
    {
        Assert.True(ModelFields.Of(model).IsShared, model.GetType().Name);
    }

    [Fact]
    public void TryRead_TwoCallsOneAfterTheOther_EachGetsItsOwnValuesAndNoneReachesTheOther()
    {
        var first = Read(Call.CreateFromDiscriminatorValue, """{"@odata.type":"#microsoft.graph.call","id":"first","state":"established","callbackUri":"https://bot/first","source":{"identity":{"user":{"id":"u1","displayName":"Alice"}}}}""");
        var second = Read(Call.CreateFromDiscriminatorValue, """{"@odata.type":"#microsoft.graph.call","id":"second","state":"terminated"}""");

        Assert.Equal(("first", CallState.Established, "https://bot/first", "Alice"), (first.Id, first.State, first.CallbackUri, first.Source?.Identity?.User?.DisplayName));
        Assert.Equal(("second", CallState.Terminated, null, null), (second.Id, second.State, second.CallbackUri, second.Source));
    }

    [Fact]
    public void TryRead_ANameOnlyInAnotherCase_IsNotTheFieldButIsSeenIgnoringCase()
    {
        var fields = ModelFields.Of(new Call());
        using var document = JsonDocument.Parse("\"c1\"");

        Assert.False(fields.TryRead("ID", document.RootElement));
        Assert.True(fields.HasFieldIgnoringCase("ID"));
        Assert.False(fields.HasFieldIgnoringCase("nothing"));
    }

    [Fact]
    public void Of_DeserializersThatAreNotMethodsOfTheModel_KeepsTheModelsOwnAndReadsThroughThem()
    {
        var first = new Capturing();
        var second = new Capturing();
        using var document = JsonDocument.Parse("\"text\"");

        var fields = ModelFields.Of(second);
        Assert.False(fields.IsShared);
        Assert.True(fields.TryRead("name", document.RootElement));
        Assert.Equal((null, "text"), (first.Name, second.Name));
    }

    [Fact]
    public void Of_DeserializersInADictionaryThatIgnoresCase_KeepsTheModelsOwnComparison()
    {
        var model = new IgnoringCase();
        using var document = JsonDocument.Parse("\"text\"");

        var fields = ModelFields.Of(model);

        Assert.False(fields.IsShared);
        Assert.True(fields.TryRead("NAME", document.RootElement));
        Assert.Equal("text", model.Name);
    }

    private static T Read<T>(ParsableFactory<T> factory, string json)
        where T : IParsable
    {
        using var document = JsonDocument.Parse(json);
        return new ResourceParseNode(document.RootElement).GetObjectValue(factory);
    }

    /// <summary>A model whose deserializer is a closure over a local as well as the model.</summary>
    private sealed class Capturing : IParsable
    {
        public string? Name { get; set; }

        public IDictionary<string, Action<IParseNode>> GetFieldDeserializers()
        {
            var prefix = string.Empty;
            return new Dictionary<string, Action<IParseNode>> { ["name"] = n => Name = prefix + n.GetStringValue() };
        }

        public void Serialize(ISerializationWriter writer) => writer.WriteStringValue("name", Name);
    }

    private sealed class IgnoringCase : IParsable
    {
        public string? Name { get; set; }

        public IDictionary<string, Action<IParseNode>> GetFieldDeserializers() =>
            new Dictionary<string, Action<IParseNode>>(StringComparer.OrdinalIgnoreCase) { ["name"] = n => Name = n.GetStringValue() };

        public void Serialize(ISerializationWriter writer) => writer.WriteStringValue("name", Name);
    }
}
