package dev.activityfhir.server.collect;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A set in insertion order kept in one array while it is small, for the many small sets of a large graph (a
 * schedule's slots, a series' sessions: tens each, hundreds of thousands in all). A hash set spends about 40
 * bytes and one object per element where this spends 4 bytes and none; membership tests scan the array, which
 * is cheap at that size. Beyond {@value #ARRAY_LIMIT} elements the set moves into a {@link LinkedHashSet}, so
 * that a large one (a facility with thousands of slots) stays fast. Not thread-safe.
 *
 * @param <E> the element type; elements are never null
 */
public final class CompactSet<E> extends AbstractSet<E> {

  /** The most elements kept in the array. */
  static final int ARRAY_LIMIT = 32;

  private Object @Nullable [] elements = new Object[4];
  private int size;
  /** Set once the set outgrows the array; the array is then dropped. */
  private @Nullable Set<E> large;

  @Override
  public boolean add(E element) {
    if (large != null) {
      return large.add(element);
    }
    if (indexOf(element) >= 0) {
      return false;
    }
    if (size == ARRAY_LIMIT) {
      Set<E> moved = new LinkedHashSet<>(ARRAY_LIMIT * 4);
      forEach(moved::add);
      moved.add(element);
      large = moved;
      elements = null;
      size = 0;
      return true;
    }
    if (size == array().length) {
      elements = Arrays.copyOf(array(), Math.min(ARRAY_LIMIT, size + (size >> 1) + 1));
    }
    array()[size++] = element;
    return true;
  }

  @Override
  public boolean remove(Object element) {
    if (large != null) {
      return large.remove(element);
    }
    int at = indexOf(element);
    if (at < 0) {
      return false;
    }
    removeAt(at);
    return true;
  }

  @Override
  public boolean contains(Object element) {
    return large != null ? large.contains(element) : indexOf(element) >= 0;
  }

  @Override
  public int size() {
    return large != null ? large.size() : size;
  }

  @Override
  public Iterator<E> iterator() {
    return large != null ? large.iterator() : new ArrayIterator();
  }

  /** The array, while there is one (not {@link #large}). */
  private Object[] array() {
    return Objects.requireNonNull(elements);
  }

  private int indexOf(Object element) {
    Object[] array = array();
    for (int i = 0; i < size; i++) {
      if (array[i].equals(element)) {
        return i;
      }
    }
    return -1;
  }

  private void removeAt(int at) {
    Object[] array = array();
    System.arraycopy(array, at + 1, array, at, size - at - 1);
    array[--size] = null;
  }

  private final class ArrayIterator implements Iterator<E> {
    private int next;
    private int last = -1;

    @Override
    public boolean hasNext() {
      return next < size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E next() {
      if (large != null) {
        throw new ConcurrentModificationException();
      }
      if (next >= size) {
        throw new NoSuchElementException();
      }
      last = next++;
      return (E) array()[last];
    }

    @Override
    public void remove() {
      if (last < 0 || large != null) {
        throw new IllegalStateException();
      }
      removeAt(last);
      next = last;
      last = -1;
    }
  }
}
