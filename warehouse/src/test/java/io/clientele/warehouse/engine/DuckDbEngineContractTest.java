package io.clientele.warehouse.engine;

import java.nio.file.Path;

class DuckDbEngineContractTest extends EngineContractTest {
    @Override
    Engine open(Path scratch) {
        return new DuckDbEngine(new DuckDbSettings("512MB", 2, scratch));
    }
}
