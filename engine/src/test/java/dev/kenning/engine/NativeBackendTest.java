package dev.kenning.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeBackendTest {
    @Test
    void cpuFlagsChooseTheFastestBuildTheCpuCanRun() {
        assertEquals("-onednn-avx512", NativeBackend.extensionFor("fpu sse2 avx2 avx512f avx512bw"));
        assertEquals("-onednn-avx2", NativeBackend.extensionFor("fpu sse2 avx2 avx512f"));
        assertEquals("-onednn", NativeBackend.extensionFor("fpu sse2"));
    }

    @Test
    void theCpuBuildIsChosenUnlessTheCudaBackendIsOnTheClasspath() {
        // The default build has no CUDA backend (only -Pcuda adds it), so select() picks a oneDNN variant.
        assertFalse(NativeBackend.onClasspath(NativeBackend.CUDA_BACKEND));
        assertTrue(NativeBackend.onClasspath("org.nd4j.linalg.cpu.nativecpu.CpuBackend"));
        assertNotEquals("cuda", NativeBackend.select());
    }
}
