namespace Vectron.Index.Search;

/// <summary>The order of a <see cref="BoundedHeap{T, TOrder}"/>.</summary>
internal interface IHeapOrder<T>
{
    /// <summary>Whether <paramref name="left"/> is worse than <paramref name="right"/>.</summary>
    static abstract bool RanksAfter(in T left, in T right);
}

/// <summary>The best <c>capacity</c> items offered so far: a heap whose root is the worst kept item, so an offer
/// that cannot enter costs one comparison.</summary>
internal sealed class BoundedHeap<T, TOrder>
    where TOrder : struct, IHeapOrder<T>
{
    private readonly T[] items;
    private int count;

    public BoundedHeap(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        items = new T[capacity];
    }

    public bool IsFull => count == items.Length;

    /// <summary>The worst kept item (the root); only meaningful when not empty.</summary>
    public T Worst => items[0];

    public ReadOnlySpan<T> Items => items.AsSpan(0, count);

    public void Offer(in T candidate)
    {
        if (count < items.Length)
        {
            int child = count++;
            while (child > 0)
            {
                int parent = (child - 1) / 2;
                if (!TOrder.RanksAfter(candidate, items[parent]))
                {
                    break;
                }

                items[child] = items[parent];
                child = parent;
            }

            items[child] = candidate;
            return;
        }

        if (!TOrder.RanksAfter(items[0], candidate))
        {
            return;
        }

        int slot = 0;
        while (true)
        {
            int worst = (2 * slot) + 1;
            if (worst >= count)
            {
                break;
            }

            if (worst + 1 < count && TOrder.RanksAfter(items[worst + 1], items[worst]))
            {
                worst++;
            }

            if (!TOrder.RanksAfter(items[worst], candidate))
            {
                break;
            }

            items[slot] = items[worst];
            slot = worst;
        }

        items[slot] = candidate;
    }
}
