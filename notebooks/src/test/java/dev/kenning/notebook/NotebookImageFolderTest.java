package dev.kenning.notebook;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A notebook's spec overrides for an image folder: its channels follow the images unless given. */
class NotebookImageFolderTest {
    @Test
    void channelsFollowTheImagesUnlessGiven() {
        Path folder = Path.of("my-images");
        Map<String, String> auto = Notebook.imageFolder(folder, 28);
        assertEquals(Map.of("data.dataset", "folder", "data.path", folder.toAbsolutePath().toString(),
                "data.image_size", "28", "data.channels", "auto"), auto);
        Map<String, String> grey = Notebook.imageFolder(folder, 28, 1);
        assertEquals("1", grey.get("data.channels"));
        assertEquals(auto.keySet(), grey.keySet());
        assertEquals(auto.get("data.path"), grey.get("data.path"));
    }
}
