package dev.kenning.datasets;

/**
 * Walking videos: {@code frames} at {@code fps}, images {@code width × height}; the camera sees
 * {@code sceneWidth} metres from the left edge to the right edge.
 */
public record WalkingVideoConfig(int frames, double fps, int width, int height, double sceneWidth) {
    public WalkingVideoConfig {
        if (frames < 3 || !(fps > 0) || width < 16 || height < 16 || !(sceneWidth > 0)) {
            throw new IllegalArgumentException("walking videos need frames >= 3, fps > 0, images >= 16x16 and a"
                    + " scene width > 0 m; got " + frames + " frames, " + fps + " fps, " + width + "x" + height
                    + ", " + sceneWidth + " m");
        }
    }
}
