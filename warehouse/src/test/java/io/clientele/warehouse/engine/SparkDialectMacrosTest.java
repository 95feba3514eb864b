package io.clientele.warehouse.engine;

import java.nio.file.Path;

class SparkDialectMacrosTest extends DialectMacrosTest {
    @Override
    Engine open(Path scratch) {
        return new SparkEngine(SparkSettings.local(scratch));
    }
}
