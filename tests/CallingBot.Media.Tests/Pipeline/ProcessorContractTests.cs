using System.Buffers;
using System.Reflection;
using System.Runtime.CompilerServices;
using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Video;

namespace CallingBot.Media.Tests.Pipeline;

/// <summary>
/// Processors share one frame, so what a processor receives must give it no way to write that frame: checked on the
/// public surface of every type a processor can reach from its argument.
/// </summary>
public class ProcessorContractTests
{
    public static TheoryData<Type> ProcessorFacingTypes => new() { typeof(AudioFrameView), typeof(RetainedAudioFrame), typeof(VideoFrameView) };

    [Theory]
    [MemberData(nameof(ProcessorFacingTypes))]
    public void PublicSurface_WhatProcessorsReceive_OffersNoWayToWriteTheSharedFrame(Type type)
    {
        Assert.True(type.IsValueType, $"{type.Name} is a struct, so handing it to processors allocates nothing.");
        Assert.True(type.IsDefined(typeof(IsReadOnlyAttribute)), $"{type.Name} is a readonly struct.");
        Assert.Empty(WritableMembers(type));
    }

    [Fact]
    public void PublicSurface_TheMutableFrames_AreFlaggedByTheSameCheck()
    {
        Assert.Contains("AudioFrame.Data returns Span`1", WritableMembers(typeof(AudioFrame)));
        Assert.Contains("AudioFrame.Timestamp has a public setter", WritableMembers(typeof(AudioFrame)));
        Assert.Contains("VideoFrame.Payload returns Memory`1", WritableMembers(typeof(VideoFrame)));
    }

    [Fact]
    public void Process_Signatures_TakeTheReadOnlyViews()
    {
        Assert.Equal(typeof(AudioFrameView), Assert.Single(typeof(IAudioProcessor).GetMethod(nameof(IAudioProcessor.Process))!.GetParameters()).ParameterType);
        Assert.Equal(typeof(VideoFrameView), Assert.Single(typeof(IVideoProcessor).GetMethod(nameof(IVideoProcessor.Process))!.GetParameters()).ParameterType);
    }

    /// <summary>Public members that could write the frame: setters, fields, and anything handing out writable memory or the frame itself.</summary>
    private static List<string> WritableMembers(Type type)
    {
        var found = new List<string>();
        foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            switch (member)
            {
                case FieldInfo field:
                    found.Add($"{type.Name}.{field.Name} is a public field");
                    break;
                case PropertyInfo property:
                    if (property.SetMethod is { IsPublic: true })
                    {
                        found.Add($"{type.Name}.{property.Name} has a public setter");
                    }

                    if (IsWritable(property.PropertyType))
                    {
                        found.Add($"{type.Name}.{property.Name} returns {property.PropertyType.Name}");
                    }

                    break;
                case MethodInfo method when !method.IsSpecialName:
                    if (IsWritable(method.ReturnType))
                    {
                        found.Add($"{type.Name}.{method.Name}() returns {method.ReturnType.Name}");
                    }

                    if (method.GetParameters().Any(p => p.ParameterType.IsByRef && !p.IsIn))
                    {
                        found.Add($"{type.Name}.{method.Name}() has a ref or out parameter");
                    }

                    break;
            }
        }

        return found;
    }

    private static bool IsWritable(Type type)
    {
        if (type.IsByRef || type.IsArray || type.IsPointer || type == typeof(AudioFrame) || type == typeof(VideoFrame))
        {
            return true;
        }

        if (!type.IsGenericType)
        {
            return false;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(Span<>) || definition == typeof(Memory<>) || definition == typeof(ArraySegment<>) ||
            definition == typeof(IMemoryOwner<>) || definition == typeof(List<>);
    }
}
