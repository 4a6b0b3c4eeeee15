package dev.activityfhir.server.fhir.index;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A small set of ids in insertion order, kept in one array. A schedule's slot ids number tens, and there are
 * hundreds of thousands of slots: a hash set spends about 40 bytes and one object per id where this spends 4
 * bytes and none. Membership tests scan the array, which is cheap at that size. Not thread-safe (the index
 * changes it under its write lock).
 */
final class CompactIdSet extends AbstractSet<String> {

  private String[] ids = new String[4];
  private int size;

  @Override
  public boolean add(String id) {
    if (indexOf(id) >= 0) {
      return false;
    }
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, size + (size >> 1) + 1);
    }
    ids[size++] = id;
    return true;
  }

  @Override
  public boolean remove(Object id) {
    int at = indexOf(id);
    if (at < 0) {
      return false;
    }
    System.arraycopy(ids, at + 1, ids, at, size - at - 1);
    ids[--size] = null;
    return true;
  }

  @Override
  public boolean contains(Object id) {
    return indexOf(id) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Iterator<String> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < size;
      }

      @Override
      public String next() {
        if (next >= size) {
          throw new NoSuchElementException();
        }
        return ids[next++];
      }
    };
  }

  private int indexOf(Object id) {
    for (int i = 0; i < size; i++) {
      if (ids[i].equals(id)) {
        return i;
      }
    }
    return -1;
  }
}
