using Vectron.Index.Storage;

namespace Vectron.Index.Tests.Storage;

public sealed class LogRecordCodecTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 16)]
    [InlineData(3, 384)]
    public void Decode_EncodedRandomRecords_RoundTrips(int seed, int dimensions)
    {
        var random = new Random(seed);
        for (int round = 0; round < 20; round++)
        {
            List<LogRecord> records = Enumerable.Range(0, random.Next(1, 30)).Select(_ => TestData.Record(random, dimensions)).ToList();
            byte[] block = LogRecordCodec.Encode(records);

            FrameScan scan = LogRecordCodec.Decode(block, baseOffset: 1000);

            Assert.Equal(FrameStop.End, scan.Stop);
            Assert.Equal(block.Length, scan.ConsumedBytes);
            Assert.Equal(records.Count, scan.Records.Count);
            long offset = 1000;
            for (int i = 0; i < records.Count; i++)
            {
                TestData.AssertSame(records[i], scan.Records[i].Record);
                Assert.Equal(offset, scan.Records[i].Offset);
                offset += LogRecordCodec.GetFrameSize(records[i]);
            }
        }
    }

    [Fact]
    public void Decode_CutAtEveryByte_ReturnsExactlyTheCompleteFrames()
    {
        var random = new Random(11);
        List<LogRecord> records = Enumerable.Range(0, 6).Select(_ => TestData.Record(random, 8)).ToList();
        byte[] block = LogRecordCodec.Encode(records);
        List<int> frameEnds = [];
        int end = 0;
        foreach (LogRecord record in records)
        {
            end += LogRecordCodec.GetFrameSize(record);
            frameEnds.Add(end);
        }

        for (int cut = 0; cut <= block.Length; cut++)
        {
            FrameScan scan = LogRecordCodec.Decode(block.AsSpan(0, cut));

            int complete = frameEnds.Count(e => e <= cut);
            Assert.Equal(complete, scan.Records.Count);
            Assert.Equal(complete == 0 ? 0 : frameEnds[complete - 1], scan.ConsumedBytes);
            Assert.Equal(frameEnds.Contains(cut) || cut == 0 ? FrameStop.End : FrameStop.Incomplete, scan.Stop);
        }
    }

    [Fact]
    public void Decode_RandomByteCorrupted_ReturnsOnlyFramesBeforeIt()
    {
        var random = new Random(12);
        for (int round = 0; round < 300; round++)
        {
            List<LogRecord> records = Enumerable.Range(0, random.Next(1, 8)).Select(_ => TestData.Record(random, 4)).ToList();
            byte[] block = LogRecordCodec.Encode(records);
            int position = random.Next(block.Length);
            block[position] ^= (byte)random.Next(1, 256);

            FrameScan scan = LogRecordCodec.Decode(block);

            int frameOfCorruption = 0;
            for (int at = 0; at + LogRecordCodec.GetFrameSize(records[frameOfCorruption]) <= position; frameOfCorruption++)
            {
                at += LogRecordCodec.GetFrameSize(records[frameOfCorruption]);
            }

            Assert.Equal(frameOfCorruption, scan.Records.Count);
            Assert.NotEqual(FrameStop.End, scan.Stop);
            for (int i = 0; i < scan.Records.Count; i++)
            {
                TestData.AssertSame(records[i], scan.Records[i].Record);
            }
        }
    }
}
