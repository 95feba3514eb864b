package io.clientele.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.batch.NightStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Wherever the docs spell out the night's steps after the extract (a line that names
 * {@code extract-land} and at least three later steps, in prose or in a shell loop), they are
 * {@link NightStep}'s steps in its order: the docs cannot leave a step out or swap two.
 */
class DocumentedStepOrderTest {

    private static final int LIST_AT_LEAST = 4;

    @Test
    void everyStepListInTheDocsIsTheJobsOwn() throws IOException {
        List<String> expected = new ArrayList<>(List.of(NightStep.EXTRACT_LAND.stepName()));
        NightStep.warehouseSteps().forEach(s -> expected.add(s.stepName()));
        // longest names first, so that predict-churn is not read as predict
        Pattern stepName = Pattern.compile("(?<![\\w-])("
                + String.join(
                        "|",
                        expected.stream()
                                .sorted((a, b) -> b.length() - a.length())
                                .toList()) + ")(?![\\w-])");
        List<String> problems = new ArrayList<>();
        int lists = 0;
        for (Path doc : ReadmeCommandsTest.documents()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int start = line.indexOf(NightStep.EXTRACT_LAND.stepName());
                if (start < 0) {
                    continue;
                }
                List<String> named = new ArrayList<>();
                Matcher m = stepName.matcher(line.substring(start));
                while (m.find()) {
                    named.add(m.group(1));
                }
                if (named.size() < LIST_AT_LEAST) {
                    continue;
                }
                lists++;
                if (!named.equals(expected)) {
                    problems.add(doc.getFileName() + ":" + (i + 1) + ": " + named + " is not " + expected);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(lists).as("step lists found in the docs").isGreaterThanOrEqualTo(2);
    }
}
