package io.gitopspipeline.scm;

/** The combined state of the checks and statuses on a pull request's head commit. */
public enum ChecksState {
  /** Every check reported and passed. */
  SUCCESS,
  /** Some check has not finished. */
  PENDING,
  /** Some check failed or errored. */
  FAILURE,
  /** No checks at all: the provider's own merge rules decide. */
  NONE;

  /** Combines two states: a failure wins over pending, pending over success. */
  public ChecksState and(ChecksState other) {
    if (this == FAILURE || other == FAILURE) {
      return FAILURE;
    }
    if (this == PENDING || other == PENDING) {
      return PENDING;
    }
    if (this == SUCCESS || other == SUCCESS) {
      return SUCCESS;
    }
    return NONE;
  }

  /**
   * Every item's state combined; a list cut short (see {@link PageWalk}) is at least pending, since
   * what was not read may have failed.
   */
  public static <T> ChecksState combine(
      PageWalk.Pages<T> pages, java.util.function.Function<? super T, ChecksState> each) {
    ChecksState state = pages.complete() ? NONE : PENDING;
    for (T item : pages.items()) {
      state = state.and(each.apply(item));
    }
    return state;
  }

  /** True when nothing stands in the way of merging. */
  public boolean green() {
    return this == SUCCESS || this == NONE;
  }
}
