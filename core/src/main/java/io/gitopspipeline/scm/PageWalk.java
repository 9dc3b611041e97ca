package io.gitopspipeline.scm;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.GitOpsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks one of a provider's paged lists, a request a page, and stops at the first of: the
 * provider's last-page signal (the reader gives no next cursor), a cursor already followed (a
 * server handing out the same page again), {@link #MAX_PAGES} pages (a server that never says
 * "last"), or, when searching, the item sought. Every paged list of every provider goes through it,
 * so no server, hostile or broken, can keep a provider asking for pages forever.
 *
 * <p>What a walk cut short means depends on the use, so each use takes one of two policies: {@link
 * #readAll} warns through progress and returns what was read (commit statuses: polling asks again,
 * and a partial list is still an answer); {@link #find} fails (an open pull request: "none" after a
 * partial search would open a duplicate).
 */
public final class PageWalk {
  /**
   * The most pages one walk reads: of up to 100 items each on most providers, 1,000 commit statuses
   * (what GitHub itself keeps per commit and context) or open pull requests between two branches,
   * far more than a GitOps repository has.
   */
  public static final int MAX_PAGES = 10;

  private final ProviderType type;
  private final RepositoryId repository;
  private final String listed;

  /**
   * @param listed what the pages list, for messages: e.g. {@code "commit statuses on SHA"}
   */
  public PageWalk(ProviderType type, RepositoryId repository, String listed) {
    this.type = Objects.requireNonNull(type);
    this.repository = Objects.requireNonNull(repository);
    this.listed = Objects.requireNonNull(listed);
  }

  /** A walk over a commit's statuses (for {@link ScmProvider#commitStatuses} and checks). */
  public static PageWalk commitStatuses(ProviderType type, RepositoryId repository, String sha) {
    return new PageWalk(type, repository, "commit statuses on " + sha);
  }

  /** A walk over the open pull requests from {@code head} into {@code base}. */
  public static PageWalk openPullRequests(
      ProviderType type, RepositoryId repository, String head, String base) {
    return new PageWalk(type, repository, "open pull requests from " + head + " into " + base);
  }

  /**
   * {@link ScmProvider#findOpen}'s search: {@link #find}, where a walk cut short fails because
   * "none" would open a duplicate, and a 404 means the repository is missing.
   */
  public <C, T> Optional<T> findOpen(C first, PageReader<C, T> reader, Predicate<? super T> match)
      throws GitOpsException {
    try {
      return find(first, reader, match, "opening a duplicate pull request");
    } catch (ScmNotFoundException e) {
      throw ScmFailures.repositoryMissing(type, repository);
    }
  }

  /** Reads the page at a cursor (a page number, an offset, a next link). */
  @FunctionalInterface
  public interface PageReader<C, T> {
    Page<C, T> read(C cursor) throws GitOpsException;
  }

  /**
   * One page.
   *
   * @param next the cursor of the page after it, or null when the provider says this is the last
   */
  public record Page<C, T>(List<T> items, C next) {
    public Page {
      Objects.requireNonNull(items, "items");
    }

    /** The elements of a JSON array (none when {@code array} is not one). */
    public static <C> Page<C, JsonNode> ofJson(JsonNode array, C next) {
      List<JsonNode> items = new ArrayList<>();
      if (array != null && array.isArray()) {
        array.forEach(items::add);
      }
      return new Page<>(items, next);
    }
  }

  /**
   * What a walk read.
   *
   * @param shortfall null when every page was read, else why the walk stopped early (names the
   *     provider, the repository and the list)
   */
  public record Pages<T>(List<T> items, int pagesRead, String shortfall) {
    public boolean complete() {
      return shortfall == null;
    }

    /** The items, each mapped. */
    public <R> List<R> map(java.util.function.Function<? super T, R> mapping) {
      return items.stream().<R>map(mapping).toList();
    }
  }

  /**
   * Every page from {@code first} on; a walk cut short is reported as a warning through {@code
   * context.progress()} and what was read is returned (see {@link Pages#complete()}).
   *
   * @param first the first page's cursor, or null when there is no page at all
   */
  public <C, T> Pages<T> readAll(ScmContext context, C first, PageReader<C, T> reader)
      throws GitOpsException {
    Pages<T> pages = walk(first, reader, item -> false).pages();
    if (!pages.complete()) {
      context
          .progress()
          .warn("scm", pages.shortfall() + "; using the " + count(pages.pagesRead()) + " read");
    }
    return pages;
  }

  /**
   * The first item that matches, reading pages only until it is found.
   *
   * @param risk what acting on "not there" could do, for the message when the walk is cut short:
   *     e.g. {@code "opening a duplicate pull request"}
   * @throws GitOpsException when the walk was cut short before a match: "not there" would be a
   *     guess, and callers act on it (open a pull request, report a label missing)
   */
  public <C, T> Optional<T> find(
      C first, PageReader<C, T> reader, Predicate<? super T> match, String risk)
      throws GitOpsException {
    Walked<T> walked = walk(first, reader, match);
    Pages<T> pages = walked.pages();
    if (walked.found() != null) {
      return Optional.of(walked.found());
    }
    if (!pages.complete()) {
      throw new GitOpsException(
          pages.shortfall()
              + "; read "
              + count(pages.pagesRead())
              + " without a match and stopped rather than risk "
              + risk);
    }
    return Optional.empty();
  }

  private record Walked<T>(Pages<T> pages, T found) {}

  private <C, T> Walked<T> walk(C first, PageReader<C, T> reader, Predicate<? super T> until)
      throws GitOpsException {
    List<T> items = new ArrayList<>();
    Set<C> followed = new HashSet<>();
    int pages = 0;
    for (C cursor = first; cursor != null; ) {
      if (pages == MAX_PAGES) {
        return cutShort(
            items,
            pages,
            " has more than " + MAX_PAGES + " pages of " + listed + " in " + repository);
      }
      if (!followed.add(cursor)) {
        return cutShort(
            items,
            pages,
            " pointed page "
                + (pages + 1)
                + " of "
                + listed
                + " in "
                + repository
                + " back to a page already read");
      }
      Page<C, T> page = reader.read(cursor);
      pages++;
      for (T item : page.items()) {
        items.add(item);
        if (until.test(item)) {
          return new Walked<>(new Pages<>(items, pages, null), item);
        }
      }
      cursor = page.next();
    }
    return new Walked<>(new Pages<>(items, pages, null), null);
  }

  private static String count(int pages) {
    return pages == 1 ? "1 page" : pages + " pages";
  }

  private <T> Walked<T> cutShort(List<T> items, int pages, String why) {
    return new Walked<>(new Pages<>(items, pages, type.displayName() + why), null);
  }
}
