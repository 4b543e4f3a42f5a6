package io.pgtide.runner.cli;

/** --output: text for people, json for machines. */
enum OutputFormat {
    text, json
}
