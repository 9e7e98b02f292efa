// Runs after the consumer's `mvn verify` (invoker's post-build hook): basedir is the consumer's copy under
// target/it, localRepositoryPath its local repository, libraryPage docs/library.md (cinemix-consumer-it's pom).
import java.util.jar.JarFile

def fail = { String message -> throw new AssertionError(message) }

// 1. What the example printed: the search results, then the details lookup fetched and stored, then a cache hit.
def expected = ['tt0372784 Batman Begins', 'tt0103359 Batman: The Animated Series',
                'Batman Begins STORED', 'Batman Begins HIT']
def printed = new File(basedir, 'target/example-output.txt').readLines('UTF-8')
if (printed != expected) fail("The example printed ${printed}, not ${expected}")
def log = new File(basedir, 'build.log').getText('UTF-8')
expected.each { if (!log.contains(it)) fail("build.log lacks the printed line '${it}'") }

// 2. What a library user ships (compile and runtime scopes): no Micronaut, no logging backend or bridge.
def coordinates = new File(basedir, 'target/runtime-dependencies.txt').readLines('UTF-8')
        .collect { it.trim() }
        .findAll { it ==~ /[^\s:]+:[^\s:]+:.+/ }
        .collect { it.split(/\s+/)[0] }
println "Compile and runtime dependencies of the consumer:"
coordinates.each { println "  ${it}" }
['io.cinemix:cinemix-domain:', 'io.cinemix:cinemix-core:', 'io.cinemix:cinemix-adapter-memory:',
 'io.cinemix:cinemix-adapter-omdb:', 'io.cinemix:cinemix-adapter-redis:'].each { prefix ->
    if (!coordinates.any { it.startsWith(prefix) }) fail("No ${prefix} among ${coordinates}")
}
if (coordinates.any { it.contains(':test') }) fail("A test dependency in the runtime list: ${coordinates}")
def micronaut = coordinates.findAll { it.startsWith('io.micronaut') }
if (micronaut) fail("Micronaut on the library's classpath: ${micronaut}")
def backends = ['ch.qos.logback:', 'org.apache.logging.log4j:log4j-core:', 'org.apache.logging.log4j:log4j-slf4j',
                'org.apache.logging.log4j:log4j-to-slf4j:', 'log4j:log4j:', 'ch.qos.reload4j:', 'org.slf4j:slf4j-simple:',
                'org.slf4j:slf4j-nop:', 'org.slf4j:slf4j-jdk14:', 'org.slf4j:slf4j-log4j12:', 'org.slf4j:slf4j-reload4j:',
                'org.slf4j:slf4j-jdk-platform-logging:', 'org.tinylog:']
def logging = coordinates.findAll { c -> backends.any { c.startsWith(it) } }
if (logging) fail("A logging backend on the library's classpath: ${logging}")

// 3. Each published jar as installed: its module name in the manifest, its sources and javadoc jars beside it.
def version = coordinates.find { it.startsWith('io.cinemix:cinemix-core:') }.split(':')[3]
['cinemix-domain'        : 'io.cinemix.domain',
 'cinemix-core'          : 'io.cinemix.core',
 'cinemix-adapter-memory': 'io.cinemix.adapter.memory',
 'cinemix-adapter-omdb'  : 'io.cinemix.adapter.omdb',
 'cinemix-adapter-redis' : 'io.cinemix.adapter.redis'].each { artifactId, moduleName ->
    def dir = new File(localRepositoryPath, "io/cinemix/${artifactId}/${version}")
    def jar = new File(dir, "${artifactId}-${version}.jar")
    def name = new JarFile(jar).withCloseable { it.manifest?.mainAttributes?.getValue('Automatic-Module-Name') }
    if (name != moduleName) fail("${jar.name}: Automatic-Module-Name ${name}, not ${moduleName}")
    ['sources', 'javadoc'].each { classifier ->
        def attached = new File(dir, "${artifactId}-${version}-${classifier}.jar")
        if (!attached.isFile() || attached.length() == 0) fail("No ${attached}")
    }
}

// 4. The consumer's example is docs/library.md's: the stripped code lines of both blocks.
def block = { List<String> lines, String start, String end ->
    def from = lines.findLastIndexOf { it.startsWith('#') && it.contains('without Micronaut') }
    def open = lines.findIndexOf(Math.max(from, 0)) { it.strip() == start }
    if (open < 0) fail("No '${start}' line")
    def close = lines.findIndexOf(open + 1) { it.strip() == end }
    lines.subList(open + 1, close).collect { it.strip() }.findAll { it && !it.startsWith('//') }
}
def documented = block(new File(libraryPage).readLines('UTF-8'), '```java', '```')
def consumed = block(new File(basedir, 'src/main/java/com/example/moviesearch/MovieSearchExample.java')
        .readLines('UTF-8'), '// README:start', '// README:end')
if (documented != consumed) fail("docs/library.md's example:\n${documented.join('\n')}\nis not the consumer's:\n${consumed.join('\n')}")

println "library-consumer: printed ${printed}, no Micronaut or logging backend in ${coordinates.size()} dependencies"
return true
