package io.clientele.warehouse.engine;

import java.nio.file.Path;

/** The contract on Spark local[*]; the JVM's one SparkSession is shared by every Spark test class. */
class SparkEngineContractTest extends EngineContractTest {
    @Override
    Engine open(Path scratch) {
        return new SparkEngine(SparkSettings.local(scratch));
    }
}
