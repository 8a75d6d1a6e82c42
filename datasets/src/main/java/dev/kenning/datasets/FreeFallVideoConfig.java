package dev.kenning.datasets;

/**
 * How free-fall videos look. {@code fps} sets the time between frames; {@code sceneHeight} is
 * the height in metres the camera sees from the bottom row to the top row; {@code gravity} is
 * the generated world's true g (the model's belief about g comes from the knowledge graph).
 */
public record FreeFallVideoConfig(int frames, double fps, int width, int height,
                                  double sceneHeight, double gravity) {

    public FreeFallVideoConfig {
        if (frames < 3) {
            throw new IllegalArgumentException("frames must be >= 3 to show a parabola, got " + frames);
        }
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps must be > 0, got " + fps);
        }
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("images must be at least 16x16, got " + width + "x" + height);
        }
        if (!(sceneHeight > 0) || !(gravity > 0)) {
            throw new IllegalArgumentException("scene height and gravity must be > 0");
        }
    }

    public static FreeFallVideoConfig defaults() {
        return new FreeFallVideoConfig(12, 15.0, 32, 32, 3.0, 9.81);
    }

    public double duration() {
        return (frames - 1) / fps;
    }
}
