using CallingBot.Core.Platform;
using CallingBot.AspNetCore.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace CallingBot.Host.Tests.Api.Errors;

public sealed class PlatformErrorMappingTests
{
    public static TheoryData<PlatformErrorKind> EveryKind => [.. Enum.GetValues<PlatformErrorKind>()];

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void ToProblem_EveryKind_IsA502ServiceRefusal(PlatformErrorKind kind)
    {
        var problem = PlatformErrorMapping.ToProblem(kind);

        Assert.Equal(StatusCodes.Status502BadGateway, problem.Status);
        Assert.Equal("The calling service refused the request", problem.Title);
        Assert.Equal(ApiProblemTypes.ServiceRefused, problem.Type);
    }

    [Fact]
    public void ToProblem_EveryKindHasItsOwnArm_SoANewKindMustBeMapped()
    {
        var undefined = (PlatformErrorKind)(Enum.GetValues<PlatformErrorKind>().Max(k => (int)k) + 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => PlatformErrorMapping.ToProblem(undefined));
    }

    [Fact]
    public void Unclassified_IsAnsweredLikeARefusal()
    {
        Assert.Equal(PlatformErrorMapping.ToProblem(PlatformErrorKind.Other), PlatformErrorMapping.Unclassified);
    }
}
