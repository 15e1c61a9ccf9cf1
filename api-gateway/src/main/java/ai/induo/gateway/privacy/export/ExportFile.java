package ai.induo.gateway.privacy.export;

/**
 * One file (or family of files) of an export, as README.txt describes it.
 *
 * @param name the entry name, or its pattern such as {@code images/<job_id>/person.<ext>}
 * @param description what the file holds
 * @param policyCategory the privacy policy category it answers, such as {@code §1.1 account information}
 */
public record ExportFile(String name, String description, String policyCategory) {
}
