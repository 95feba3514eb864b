package io.clientele.jobs.cli;

/** The values of {@code --source}, spelled as typed (picocli lists them and completes them). */
enum SourceKind {
    /** CSV files in {@code --inbox DIR} */
    csv,
    /** tables of the operational database ({@code --jdbc-url}) */
    jdbc
}
