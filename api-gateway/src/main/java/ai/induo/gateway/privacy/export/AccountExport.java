package ai.induo.gateway.privacy.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.List;

/**
 * An account's data export (privacy policy §6): a zip of README.txt and every {@link ExportSection},
 * written entry by entry straight to the output. The one entry point, for the API and for operators.
 */
@ApplicationScoped
public class AccountExport {

    @Inject
    Instance<ExportSection> sections;

    @Inject
    ObjectMapper mapper;

    /** Writes the account's export to {@code out} and closes it; {@code includeImages} adds the images still retained. */
    public void write(String accountId, boolean includeImages, OutputStream out) throws IOException {
        List<ExportSection> ordered = sections.stream()
                .sorted(Comparator.comparing(section -> section.files().get(0).name()))
                .toList();
        try (ExportZip zip = new ExportZip(out, mapper)) {
            zip.text(ExportReadme.FILE, ExportReadme.text(accountId, ordered));
            for (ExportSection section : ordered) {
                section.write(accountId, includeImages, zip);
            }
        }
    }
}
