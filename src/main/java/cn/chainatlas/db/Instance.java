package cn.chainatlas.db;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * This ChainAtlas process among those sharing the database: a random id, and a database lock named after it that
 * the process holds as long as it lives. Work an instance leaves in the database (a batch it queued or runs) carries
 * its id; another instance that finds that lock free knows the work was left by a dead process (the server frees a
 * connection's locks when the process dies, whatever killed it).
 */
@Singleton
public class Instance {

    private static final Logger LOG = LoggerFactory.getLogger(Instance.class);

    private final DatabaseLocks locks;
    private final String id;
    private DatabaseLocks.Held held;

    Instance(DatabaseLocks locks) {
        this.locks = locks;
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        this.id = HexFormat.of().formatHex(b);
    }

    /** This process's id; takes its lock on first use (and again if the database connection behind it broke). */
    public synchronized String id() {
        if (held == null || !held.valid()) {
            if (held != null) {
                held.close();
                LOG.warn("The database lock of instance {} was lost (connection broken); taking it again", id);
            }
            held = locks.tryLock(lockName(id), Duration.ofSeconds(5));
            if (held == null) {
                throw new IllegalStateException("could not take the instance lock " + id);
            }
        }
        return id;
    }

    /** Whether the instance of that id still runs (holds its lock). */
    public boolean isAlive(String instanceId) {
        if (instanceId == null) {
            return false;
        }
        if (instanceId.equals(id)) {
            return true;
        }
        return !locks.isFree(lockName(instanceId));
    }

    private static String lockName(String instanceId) {
        return "instance." + instanceId;
    }

    @PreDestroy
    synchronized void release() {
        if (held != null) {
            held.close();
            held = null;
        }
    }
}
