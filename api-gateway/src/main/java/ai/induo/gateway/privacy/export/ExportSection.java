package ai.induo.gateway.privacy.export;

import java.io.IOException;
import java.util.List;

/**
 * One part of an account's data export, a CDI bean: {@link AccountExport} runs every one, in the order
 * of their first file's name. The built-in files are sections; each integration (Stripe, Shopify) adds
 * its own. A section reads only the account's own records, through cursors, and writes entry by entry.
 */
public interface ExportSection {

    /** The files this section writes, for README.txt. */
    List<ExportFile> files();

    /**
     * Writes the section's entries for the account.
     *
     * @param includeImages whether the caller asked for the images still retained
     */
    void write(String accountId, boolean includeImages, ExportZip zip) throws IOException;
}
