package io.jenkins.plugins.gitops.actions;

import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** An image the build tagged: its repository, digest and every tag it now carries. */
@ExportedBean(defaultVisibility = 2)
public final class ImageRecord {
    private final String image;
    private final String digest;
    private final List<String> tags;
    private final List<String> references;

    public ImageRecord(String image, String digest, List<String> tags, List<String> references) {
        this.image = image;
        this.digest = digest;
        this.tags = new ArrayList<>(tags);
        this.references = new ArrayList<>(references);
    }

    @Exported
    public String getImage() {
        return image;
    }

    /** Null when the step only computed tags without touching the registry. */
    @Exported
    public String getDigest() {
        return digest;
    }

    @Exported
    public List<String> getTags() {
        return List.copyOf(tags);
    }

    @Exported
    public List<String> getReferences() {
        return List.copyOf(references);
    }
}
