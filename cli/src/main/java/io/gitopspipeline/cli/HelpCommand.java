package io.gitopspipeline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops help [GROUP [COMMAND]]}: usage of the root, a group or a command. Walks nested
 * groups, which picocli's built-in help command does not.
 */
@Command(name = "help", description = "Show the usage of gitops, of a group, or of a command.")
final class HelpCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "e.g. 'image' or 'image tag'.")
  List<String> path = new ArrayList<>();

  @Override
  public Integer call() {
    CommandLine current = spec.parent().commandLine();
    for (String name : path) {
      CommandLine next = current.getSubcommands().get(name);
      if (next == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "unknown command '"
                + name
                + "' under '"
                + current.getCommandSpec().qualifiedName()
                + "'; known: "
                + String.join(", ", current.getSubcommands().keySet()));
      }
      current = next;
    }
    current.usage(spec.commandLine().getOut());
    return 0;
  }
}
