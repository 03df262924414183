using GraphQL;

namespace Ecosystem.Api.Subscriptions;

/// <summary>
/// A subscription's results handed to a transport one after the other: each is sent only once the one before it has
/// gone, so a client gets them in the order they came, whatever thread each came on.
/// </summary>
public sealed class InOrder(Func<ExecutionResult, Task> next, Func<Task> failed, Func<Task> completed) : IObserver<ExecutionResult>
{
    private readonly Lock _order = new();
    private Task _last = Task.CompletedTask;

    public void OnNext(ExecutionResult value) => Then(() => next(value));

    public void OnError(Exception error) => Then(failed);

    public void OnCompleted() => Then(completed);

    private void Then(Func<Task> send)
    {
        lock (_order)
        {
            _last = _last.ContinueWith(_ => send(), TaskScheduler.Default).Unwrap();
        }
    }
}
