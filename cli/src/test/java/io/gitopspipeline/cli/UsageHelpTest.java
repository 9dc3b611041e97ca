package io.gitopspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's usage help is printed as written: no picocli interpolation artefacts. */
class UsageHelpTest {
  /** What picocli leaves when it interpolates an unknown ${NAME}: a bare null word. */
  private static final Pattern NULL_WORD = Pattern.compile("\\bnull\\b");

  @Test
  void noUsageHelpHasNullWhereAVariableWasWritten() {
    StringWriter sink = new StringWriter();
    CommandLine root = Main.commandLine(new Console(new PrintWriter(sink), new PrintWriter(sink)));
    List<CommandLine> all = new ArrayList<>();
    collect(root, all);

    assertThat(all).hasSizeGreaterThan(10);
    for (CommandLine command : all) {
      String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
      assertThat(NULL_WORD.matcher(help).find())
          .as("usage help of '%s' contains 'null':%n%s", command.getCommandName(), help)
          .isFalse();
      assertThat(help).as("usage help of '%s'", command.getCommandName()).doesNotContain("$${");
    }
  }

  @Test
  void renderHelpNamesTheImageVariablesPlainYamlGets() {
    CliRun run = CliRun.of("render", "--help");

    assertThat(run.exitCode()).isZero();
    String help = run.stdout().replaceAll("\\s+", " ");
    assertThat(help)
        .contains("${IMAGE}, ${IMAGE_REPOSITORY}, ${IMAGE_TAG}, ${IMAGE_DIGEST}")
        .doesNotContain("null");
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    for (CommandLine sub : command.getSubcommands().values()) {
      if (!into.contains(sub)) {
        collect(sub, into);
      }
    }
  }
}
