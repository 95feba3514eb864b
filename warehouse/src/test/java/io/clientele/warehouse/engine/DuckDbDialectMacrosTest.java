package io.clientele.warehouse.engine;

import java.nio.file.Path;

class DuckDbDialectMacrosTest extends DialectMacrosTest {
    @Override
    Engine open(Path scratch) {
        return new DuckDbEngine(new DuckDbSettings("256MB", 1, scratch));
    }
}
