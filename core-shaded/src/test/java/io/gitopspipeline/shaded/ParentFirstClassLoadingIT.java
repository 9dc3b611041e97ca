package io.gitopspipeline.shaded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jenkins loads a plugin's classes parent-first: the jars of the plugins it depends on come before
 * its own {@code WEB-INF/lib}. kubernetes-client-api ships snakeyaml-engine 2.9, so a plugin that
 * bundles core with snakeyaml-engine 3.x unrelocated gets 2.9 classes at run time. These tests
 * rebuild that class-loader shape from jars: a parent holding snakeyaml-engine 2.9, and under it
 * (parent-first, as {@link URLClassLoader} is) the plugin's jars.
 */
class ParentFirstClassLoadingIT {
  private static final Path IT_LIBS = Path.of(System.getProperty("gitops.itLibs"));
  private static final Path SHADED_JAR = Path.of(System.getProperty("gitops.shadedJar"));
  private static final Path TEST_CLASSES = Path.of(System.getProperty("gitops.testClasses"));

  /** The jars the shaded artifact contains, relocated. */
  private static final List<String> BUNDLED_PREFIXES =
      List.of(
          "gitops-pipeline-core-",
          "snakeyaml-engine-",
          "org.eclipse.jgit-",
          "org.eclipse.jgit.ssh.apache-",
          "JavaEWAH-",
          "sshd-osgi-",
          "sshd-sftp-",
          "bcpg-jdk18on-",
          "bcprov-jdk18on-",
          "bcutil-jdk18on-");

  @TempDir Path dir;

  @Test
  void theParentLoaderReallyHoldsSnakeyamlEngineWithoutMergeTags() throws Exception {
    try (URLClassLoader parent = parentLoader()) {
      Class<?> tag = parent.loadClass("org.snakeyaml.engine.v2.nodes.Tag");

      assertThat(tag.getProtectionDomain().getCodeSource().getLocation().getPath())
          .endsWith("snakeyaml-engine-2.9.jar");
      assertThatThrownBy(() -> tag.getField("MERGE")).isInstanceOf(NoSuchFieldException.class);
    }
  }

  @Test
  void theRelocatedEngineRendersMergeKeysUnderAParentWithSnakeyamlEngine29() throws Exception {
    List<Path> jars = new ArrayList<>();
    jars.add(SHADED_JAR);
    jars.addAll(runtimeJars(name -> !bundled(name)));
    try (URLClassLoader parent = parentLoader();
        URLClassLoader plugin = pluginLoader(jars, parent)) {
      String rendered = inside(plugin, () -> probe(plugin).apply(dir.toString()));

      assertThat(rendered).contains("tier: front").contains("app: web").contains("replicas: 2");
      assertThat(plugin.loadClass("io.gitopspipeline.render.Renderer").getClassLoader())
          .isSameAs(plugin);
    }
  }

  @Test
  void theRelocatedJGitPromotesIntoALocalRepository() throws Exception {
    List<Path> jars = new ArrayList<>();
    jars.add(SHADED_JAR);
    jars.addAll(runtimeJars(name -> !bundled(name)));
    try (URLClassLoader parent = parentLoader();
        URLClassLoader plugin = pluginLoader(jars, parent)) {
      Function<String, String> probe = probe(plugin, PromoteProbe.class);

      String result = inside(plugin, () -> probe.apply(dir.toString()));

      assertThat(result).startsWith("true ").contains("apps/web/dev/configmap.yaml");
      assertThat(
              plugin
                  .loadClass("io.gitopspipeline.shaded.jgit.api.Git")
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .getPath())
          .endsWith(SHADED_JAR.getFileName().toString());
    }
  }

  @Test
  void theRelocatedSignersSignPromotionCommits() throws Exception {
    List<Path> jars = new ArrayList<>();
    jars.add(SHADED_JAR);
    jars.addAll(runtimeJars(name -> !bundled(name)));
    try (URLClassLoader parent = parentLoader();
        URLClassLoader plugin = pluginLoader(jars, parent)) {
      Function<String, String> probe = probe(plugin, SignProbe.class);

      String result = inside(plugin, () -> probe.apply(dir.toString()));

      assertThat(result).contains("ssh: gpgsig -----BEGIN SSH SIGNATURE-----");
      if (result.contains("openpgp")) {
        assertThat(result).contains("openpgp: gpgsig -----BEGIN PGP SIGNATURE-----");
      }
      assertThat(
              plugin
                  .loadClass("io.gitopspipeline.shaded.bouncycastle.openpgp.PGPSignatureGenerator")
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .getPath())
          .endsWith(SHADED_JAR.getFileName().toString());
    }
  }

  @Test
  void theUnrelocatedEngineBreaksUnderTheSameParent() throws Exception {
    try (URLClassLoader parent = parentLoader();
        URLClassLoader plugin = pluginLoader(runtimeJars(name -> true), parent)) {
      Function<String, String> probe = probe(plugin);

      assertThatThrownBy(() -> inside(plugin, () -> probe.apply(dir.toString())))
          .satisfies(thrown -> assertThat(causes(thrown)).anyMatch(LinkageError.class::isInstance));
    }
  }

  /**
   * Runs {@code action} with {@code loader} as the context class loader, as a build step's thread
   * has a loader that sees the plugin: fabric8 finds its resource types through it.
   */
  private static <T> T inside(ClassLoader loader, Callable<T> action) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return action.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static boolean bundled(String jarName) {
    return BUNDLED_PREFIXES.stream()
        .anyMatch(
            prefix ->
                jarName.startsWith(prefix) && Character.isDigit(jarName.charAt(prefix.length())));
  }

  private static URLClassLoader parentLoader() throws IOException {
    return new URLClassLoader(
        "jenkins-dependency-plugins",
        urls(jarsIn(IT_LIBS.resolve("parent"), name -> true)),
        ClassLoader.getPlatformClassLoader());
  }

  private static URLClassLoader pluginLoader(List<Path> jars, ClassLoader parent)
      throws IOException {
    List<Path> path = new ArrayList<>(jars);
    path.add(TEST_CLASSES);
    return new URLClassLoader("gitops-plugin", urls(path), parent);
  }

  private static Function<String, String> probe(ClassLoader loader) throws Exception {
    return probe(loader, RenderProbe.class);
  }

  @SuppressWarnings("unchecked")
  private static Function<String, String> probe(ClassLoader loader, Class<?> type)
      throws Exception {
    Class<?> probe = Class.forName(type.getName(), true, loader);
    assertThat(probe.getClassLoader()).isSameAs(loader);
    return (Function<String, String>) probe.getConstructor().newInstance();
  }

  private static List<Path> runtimeJars(Predicate<String> include) throws IOException {
    return jarsIn(IT_LIBS.resolve("runtime"), include);
  }

  private static List<Path> jarsIn(Path directory, Predicate<String> include) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".jar"))
          .filter(p -> include.test(p.getFileName().toString()))
          .sorted()
          .toList();
    }
  }

  private static URL[] urls(List<Path> paths) throws MalformedURLException {
    URL[] urls = new URL[paths.size()];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = paths.get(i).toUri().toURL();
    }
    return urls;
  }

  private static List<Throwable> causes(Throwable thrown) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
