package io.gitopspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.api.InvalidInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Root options work on every command, before or after the command's name. */
class InheritedOptionsTest {
  @Command(name = "probe")
  static final class Probe extends GitopsSubcommand {
    @CommandLine.Option(names = "--fail")
    boolean fail;

    @Override
    protected int execute() throws InvalidInputException {
      if (fail) {
        throw new InvalidInputException("probe was told to fail");
      }
      console().result(Map.of("format", console().format().name()), "format " + console().format());
      return 0;
    }
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true));
    CommandLine commandLine = Main.commandLine(console);
    commandLine.addSubcommand(new Probe());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void outputAfterTheCommandNameSelectsJson() {
    assertThat(run("probe", "--output", "json")).as(err::toString).isZero();
    assertThat(out.toString()).isEqualTo("{\"format\":\"JSON\"}\n");
  }

  @Test
  void outputBeforeTheCommandNameSelectsJson() {
    assertThat(run("--output", "json", "probe")).isZero();
    assertThat(out.toString()).isEqualTo("{\"format\":\"JSON\"}\n");
  }

  @Test
  void textIsTheDefault() {
    assertThat(run("probe")).isZero();
    assertThat(out.toString()).isEqualTo("format TEXT\n");
  }

  @Test
  void invalidInputExitsTwoWithTheMessageAndNoStackTrace() {
    assertThat(run("probe", "--fail")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: probe was told to fail\n");
  }

  @Test
  void debugAddsTheStackTrace() {
    assertThat(run("probe", "--fail", "--debug")).isEqualTo(2);
    assertThat(err.toString()).contains("error: probe was told to fail").contains("\tat ");
  }
}
