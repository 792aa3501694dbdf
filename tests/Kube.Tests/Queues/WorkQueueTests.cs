using HealthChecks.Kube.Queues;
using HealthChecks.TestKit;

namespace HealthChecks.Kube.Tests.Queues;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static WorkQueue<string> Queue(ManualTimeProvider time) =>
        new(time, new ExponentialBackoffLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)));

    private static async Task<string> TakeAsync(WorkQueue<string> queue)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var (taken, item) = await queue.TakeAsync(cts.Token);
        Assert.True(taken);
        return item;
    }

    [Fact]
    public async Task Add_SameItemTwice_QueuedOnce()
    {
        using var queue = Queue(new ManualTimeProvider());

        queue.Add("a");
        queue.Add("a");
        queue.Add("b");

        Assert.Equal(2, queue.Count);
        Assert.Equal("a", await TakeAsync(queue));
        Assert.Equal("b", await TakeAsync(queue));
    }

    [Fact]
    public async Task Add_WhileAWorkerHoldsTheItem_HandedOutAgainOnlyAfterDone()
    {
        using var queue = Queue(new ManualTimeProvider());
        queue.Add("a");
        var held = await TakeAsync(queue);

        queue.Add("a"); // changed while being worked on

        Assert.Equal(0, queue.Count); // never to two workers at once
        queue.Done(held);
        Assert.Equal("a", await TakeAsync(queue));
    }

    [Fact]
    public async Task AddAfter_HeldUntilItsTime()
    {
        var time = new ManualTimeProvider();
        using var queue = Queue(time);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal((0, 1), (queue.Count, queue.Waiting));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("a", await TakeAsync(queue));
    }

    [Fact]
    public void AddAfter_TheEarlierOfTwoTimesWins()
    {
        var time = new ManualTimeProvider();
        using var queue = Queue(time);

        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        queue.AddAfter("a", TimeSpan.FromSeconds(60));
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal((1, 0), (queue.Count, queue.Waiting));
    }

    [Fact]
    public void Add_WhileWaiting_QueuesNowAndDropsTheWait()
    {
        var time = new ManualTimeProvider();
        using var queue = Queue(time);
        queue.AddAfter("a", TimeSpan.FromMinutes(1));

        queue.Add("a");

        Assert.Equal((1, 0), (queue.Count, queue.Waiting));
    }

    [Fact]
    public void AddRateLimited_DoublesPerFailureUntilForgotten()
    {
        var time = new ManualTimeProvider();
        using var queue = Queue(time);

        queue.AddRateLimited("a"); // 1 s
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);

        queue.AddRateLimited("b");
        queue.AddRateLimited("b"); // the second failure waits 2 s
        Assert.Equal(2, queue.Failures("b"));

        queue.Forget("b");
        Assert.Equal(0, queue.Failures("b"));
    }

    [Fact]
    public async Task ShutDown_WaitingWorkersReturnAndAddsAreIgnored()
    {
        using var queue = Queue(new ManualTimeProvider());
        var waiting = Task.Run(async () => await queue.TakeAsync(CancellationToken.None));
        var second = Task.Run(async () => await queue.TakeAsync(CancellationToken.None));

        queue.ShutDown();
        queue.Add("a");

        Assert.False((await waiting.WaitAsync(Timeout)).Taken);
        Assert.False((await second.WaitAsync(Timeout)).Taken);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task ManyWorkers_EachItemWorkedOnceAtATime()
    {
        using var queue = new WorkQueue<int>(TimeProvider.System, new ExponentialBackoffLimiter<int>(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)));
        var busy = new int[10];
        var overlaps = 0;
        var worked = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (taken, item) = await queue.TakeAsync(stop.Token);
                if (!taken)
                {
                    return;
                }

                if (Interlocked.Increment(ref busy[item]) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                Interlocked.Decrement(ref busy[item]);
                Interlocked.Increment(ref worked);
                queue.Done(item);
            }
        })).ToList();

        for (var round = 0; round < 200; round++)
        {
            queue.Add(round % 10);
        }

        await Eventually.TrueAsync(() => Task.FromResult(queue.Count == 0 && Volatile.Read(ref worked) >= 10), Timeout, "the queue to drain");
        queue.ShutDown();
        await Task.WhenAll(workers).WaitAsync(Timeout);
        Assert.Equal(0, overlaps);
    }
}
