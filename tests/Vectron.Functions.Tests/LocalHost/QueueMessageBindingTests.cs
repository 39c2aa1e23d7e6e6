using Azure.Storage.Queues.Models;
using Vectron.Functions.LocalHost;

namespace Vectron.Functions.Tests.LocalHost;

/// <summary>How a queue message reaches the trigger parameter, by the parameter's type, as the worker binds it.</summary>
public sealed class QueueMessageBindingTests
{
    private static readonly QueueMessage Message = QueuesModelFactory.QueueMessage("id-1", "receipt", BinaryData.FromString("""{"jobId":"j-7","chunk":3}"""), 2);

    [Fact]
    public void BindMessage_EachSupportedType_GetsTheBodyInThatShape()
    {
        Assert.Same(Message, QueueTriggerRunner.BindMessage(typeof(QueueMessage))!(Message));
        Assert.Equal("""{"jobId":"j-7","chunk":3}""", QueueTriggerRunner.BindMessage(typeof(string))!(Message));
        Assert.Equal(Message.Body.ToArray(), Assert.IsType<BinaryData>(QueueTriggerRunner.BindMessage(typeof(BinaryData))!(Message)).ToArray());
        Assert.Equal(Message.Body.ToArray(), QueueTriggerRunner.BindMessage(typeof(byte[]))!(Message));
        Assert.Equal(new ChunkMessage { JobId = "j-7", Chunk = 3 }, QueueTriggerRunner.BindMessage(typeof(ChunkMessage))!(Message));
    }

    [Theory]
    [InlineData(typeof(int))]
    [InlineData(typeof(Stream))]
    public void BindMessage_UnsupportedType_IsNotBindable(Type type)
    {
        Assert.Null(QueueTriggerRunner.BindMessage(type));
    }

    public sealed record ChunkMessage
    {
        public string? JobId { get; init; }

        public int Chunk { get; init; }
    }
}
