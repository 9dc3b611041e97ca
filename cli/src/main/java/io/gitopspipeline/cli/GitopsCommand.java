package io.gitopspipeline.cli;

import io.gitopspipeline.cli.artifact.ArtifactCommand;
import io.gitopspipeline.cli.image.ImageCommand;
import io.gitopspipeline.cli.lifecycle.HistoryCommand;
import io.gitopspipeline.cli.lifecycle.RollbackCommand;
import io.gitopspipeline.cli.lifecycle.StatusCommand;
import io.gitopspipeline.cli.render.RenderCommand;
import io.gitopspipeline.cli.repo.PromoteCommand;
import io.gitopspipeline.cli.scm.CommitStatusCommand;
import io.gitopspipeline.cli.scm.PrCommand;
import io.gitopspipeline.cli.sync.SyncCommand;
import io.gitopspipeline.cli.yaml.YamlCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code gitops}: the root command. Groups of commands hang below it. */
@Command(
    name = "gitops",
    description = "GitOps delivery from the command line: tag, render, promote and wait for sync.",
    synopsisSubcommandLabel = "<group> <command>",
    subcommands = {
      HelpCommand.class,
      ImageCommand.class,
      ArtifactCommand.class,
      YamlCommand.class,
      RenderCommand.class,
      PromoteCommand.class,
      HistoryCommand.class,
      StatusCommand.class,
      RollbackCommand.class,
      PrCommand.class,
      CommitStatusCommand.class,
      SyncCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 operation failed, 2 bad input or usage, 3 timed out, 4 superseded"
          + " (pr wait, sync wait: a newer build promoted the same app and environment)."
    })
public final class GitopsCommand implements Callable<Integer> {
  private final Console console;

  @Spec CommandSpec spec;

  @Option(
      names = "--output",
      scope = ScopeType.INHERIT,
      paramLabel = "text|json",
      defaultValue = "text",
      converter = OutputFormatConverter.class,
      description = "How to print the result: text for people, json for scripts (default: text).")
  void setOutput(OutputFormat format) {
    console.configure(format, console.debug());
  }

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print debug progress and stack traces of failures.")
  void setDebug(boolean debug) {
    console.configure(console.format(), debug);
  }

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      scope = ScopeType.INHERIT,
      description = "Show this help and exit.")
  boolean help;

  @Option(names = "--version", description = "Print the version and exit.")
  boolean version;

  /** Case-insensitive, and independent of when a subcommand joined the tree. */
  static final class OutputFormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      for (OutputFormat format : OutputFormat.values()) {
        if (format.name().equalsIgnoreCase(value)) {
          return format;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not an output format; use text or json");
    }
  }

  public GitopsCommand(Console console) {
    this.console = console;
  }

  Console console() {
    return console;
  }

  @Override
  public Integer call() {
    if (version) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("version", version());
      json.put("java", System.getProperty("java.version"));
      console.result(json, "gitops " + version());
      return 0;
    }
    spec.commandLine().usage(console.err());
    console.diagnostic("error: a command is required; run 'gitops help' for the list");
    return CommandLine.ExitCode.USAGE;
  }

  static String version() {
    Properties properties = new Properties();
    try (InputStream in = GitopsCommand.class.getResourceAsStream("/gitops-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version", "unknown");
  }
}
