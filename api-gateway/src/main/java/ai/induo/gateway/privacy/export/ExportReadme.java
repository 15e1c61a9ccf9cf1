package ai.induo.gateway.privacy.export;

import java.util.List;

/** The text of {@code README.txt}: what the export is, what it answers, and every section's files. */
final class ExportReadme {

    static final String FILE = "README.txt";

    private ExportReadme() {
    }

    static String text(String accountId, List<ExportSection> sections) {
        StringBuilder text = new StringBuilder()
                .append("Induo data export for account ").append(accountId).append("\n\n")
                .append("This archive holds the personal information Induo keeps about your account. It answers your\n")
                .append("right of access under the GDPR (Art. 15) and your right to know under the CCPA, and follows the\n")
                .append("categories of our privacy policy: §1.1 your information (account information), §1.2 user\n")
                .append("content (the images), §1.3 service usage data (metadata, log data, service credentials).\n")
                .append("We do not sell your data, and we have not sold it.\n\n")
                .append("JSON files use the field names of the Induo API; .jsonl files hold one JSON object per line.\n")
                .append("No API key, password, webhook signing secret, or hash of any of them is included.\n\n")
                .append("Files:\n\n")
                .append(FILE).append("\n  This file.\n");
        for (ExportSection section : sections) {
            for (ExportFile file : section.files()) {
                text.append("\n").append(file.name()).append("\n")
                        .append("  ").append(file.description()).append("\n")
                        .append("  Policy category: ").append(file.policyCategory()).append("\n");
            }
        }
        return text.toString();
    }
}
