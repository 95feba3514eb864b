package io.clientele.jobs.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Prints picocli's bash completion script for every command, option and fixed value
 * (engines, sources, formats, steps), generated from the commands themselves so it never lags
 * behind them.
 */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Prints a bash (and zsh, with bashcompinit) completion script for clientele: its commands, options and "
                    + "their fixed values.",
            "Load it in the current shell with: source <(bin/clientele completion)"
        })
public final class CompletionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine()
                .getOut()
                .print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
