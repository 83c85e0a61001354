package dev.datomickit.deploycheck;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the apps in a Kamal project the way {@code kamal} does from the project directory:
 * {@code config/deploy.yml}, each {@code config/deploy.<destination>.yml} merged over it, the
 * secrets files under {@code .kamal/}, and the transactor properties mounted with {@code files:}.
 */
final class KamalProject {

    private static final Pattern DESTINATION = Pattern.compile("(.+)\\.([^.]+)\\.ya?ml");

    private KamalProject() {}

    /**
     * Loads a project directory (with {@code config/deploy.yml}), a config file with all its
     * destinations, or a single destination file ({@code config/deploy.staging.yml}).
     */
    static List<App> load(Path target, Path displayBase) {
        Path path = target.toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            Path config = path.resolve("config").resolve("deploy.yml");
            if (!InputFiles.exists(config)) { // a directory or pipe there is refused when it is read
                throw new InputException(Paths.display(path, displayBase)
                        + ": no config/deploy.yml here; name a Kamal project directory or a deploy YAML file");
            }
            return loadConfig(config, null, displayBase);
        }
        if (!InputFiles.exists(path)) {
            throw new InputException(Paths.display(path, displayBase) + ": no such file or directory");
        }
        Matcher destination = DESTINATION.matcher(path.getFileName().toString());
        if (destination.matches()) {
            Path base = path.resolveSibling(destination.group(1) + ".yml");
            if (Files.isRegularFile(base)) {
                return loadConfig(base, destination.group(2), displayBase);
            }
        }
        return loadConfig(path, null, displayBase);
    }

    /** All apps of one config file, or only {@code onlyDestination}'s when given. */
    private static List<App> loadConfig(Path config, String onlyDestination, Path displayBase) {
        Path root = projectRoot(config);
        ObjectNode base = YamlTree.read(config, displayBase);
        List<App> apps = new ArrayList<>();
        boolean destinationRequired = base.path("require_destination").asBoolean(false);
        if (onlyDestination == null && !destinationRequired) {
            apps.add(new AppReader(root, null, new ConfigSource(config, base, null, null, displayBase)).read());
        }
        for (Map.Entry<String, Path> destination : destinations(config).entrySet()) {
            if (onlyDestination == null || onlyDestination.equals(destination.getKey())) {
                ObjectNode overlay = YamlTree.read(destination.getValue(), displayBase);
                ConfigSource source = new ConfigSource(config, base, destination.getValue(), overlay, displayBase);
                apps.add(new AppReader(root, destination.getKey(), source).read());
            }
        }
        return apps;
    }

    /** Kamal runs from the directory that holds {@code config/}. */
    private static Path projectRoot(Path config) {
        Path directory = config.getParent();
        return directory.getFileName() != null && directory.getFileName().toString().equals("config")
                ? directory.getParent() : directory;
    }

    private static Map<String, Path> destinations(Path config) {
        String name = config.getFileName().toString();
        String stem = name.replaceFirst("\\.ya?ml$", "");
        Map<String, Path> found = new LinkedHashMap<>();
        try (Stream<Path> siblings = Files.list(config.getParent())) {
            siblings.sorted().forEach(sibling -> {
                Matcher matcher = DESTINATION.matcher(sibling.getFileName().toString());
                if (matcher.matches() && matcher.group(1).equals(stem)) {
                    found.put(matcher.group(2), sibling);
                }
            });
        } catch (IOException e) {
            throw new InputException(config.getParent() + ": cannot be listed (" + e.getMessage() + ")");
        }
        return found;
    }

    /** Reads one (possibly merged) config into an {@link App}. */
    private static final class AppReader {

        private final Path root;
        private final String destination;
        private final ConfigSource source;
        private final Setting config;
        private final List<Finding> unreadable = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        AppReader(Path root, String destination, ConfigSource source) {
            this.root = root;
            this.destination = destination;
            this.source = source;
            this.config = source.root();
        }

        App read() {
            String service = config.get("service").text("the service name")
                    .orElseThrow(() -> new InputException(Paths.display(source.overlayFile() == null
                            ? source.baseFile() : source.overlayFile(), source.displayBase())
                            + ": service is missing; Kamal needs it to name every container"));
            Map<String, List<String>> roles = roles();
            Map<String, Accessory> accessories = new LinkedHashMap<>();
            config.get("accessories").mapping("a mapping of accessory names to their settings")
                    .forEach((name, settings) -> accessories.put(name, accessory(service, name, settings, roles)));
            List<App.EnvValue> env = environment(roles.keySet());
            return new App(service, destination, source, accessories, env, unreadable, notes);
        }

        /** Role name to hosts; tags are kept as {@code host#tag} entries for tag lookups. */
        private Map<String, List<String>> roles() {
            Setting servers = config.get("servers");
            Map<String, List<String>> roles = new LinkedHashMap<>();
            if (!servers.isPresent()) {
                return roles;
            }
            if (!servers.isMapping()) {
                roles.put("web", hosts(servers));
                return roles;
            }
            servers.mapping("a list of hosts or a mapping of roles").forEach((role, settings) ->
                    roles.put(role, hosts(settings.isMapping() ? settings.get("hosts") : settings)));
            return roles;
        }

        private List<String> hosts(Setting list) {
            List<String> hosts = new ArrayList<>();
            for (Setting entry : list.list("a list of hosts")) {
                if (entry.isMapping()) { // - 192.0.2.10: [tag, ...]
                    entry.mapping("host: tags").forEach((host, tags) -> {
                        hosts.add(host);
                        tags.listOrOne("tags").forEach(tag -> hosts.add(host + "#" + tag.text("a tag").orElse("")));
                    });
                } else {
                    entry.text("a host").ifPresent(hosts::add);
                }
            }
            return hosts;
        }

        private Accessory accessory(String service, String name, Setting settings, Map<String, List<String>> roles) {
            if (!settings.isMapping()) {
                throw settings.mismatch("a mapping of accessory settings (image:, host:, port:, ...)");
            }
            String hostname = settings.get("service").text("a container name").orElse(service + "-" + name);
            String image = settings.get("image").text("an image such as postgres:17.5-bookworm").orElse("");
            Map<String, String> clearEnv = new LinkedHashMap<>();
            Setting env = settings.get("env");
            Setting clear = env.has("clear") || env.has("secret") ? env.get("clear") : env;
            clear.mapping("a mapping of environment variables")
                    .forEach((key, value) -> value.text("a value").ifPresent(v -> clearEnv.put(key, v)));
            return new Accessory(name, hostname, image, accessoryHosts(settings, roles), bindings(settings),
                    mounts(settings, hostname), settings.get("cmd").text("a command").orElse(null), clearEnv,
                    transactorConfigs(settings), settings.location());
        }

        private Set<String> accessoryHosts(Setting settings, Map<String, List<String>> roles) {
            Set<String> hosts = new LinkedHashSet<>();
            settings.get("host").text("a host").ifPresent(hosts::add);
            settings.get("hosts").list("a list of hosts").forEach(h -> h.text("a host").ifPresent(hosts::add));
            List<String> roleNames = new ArrayList<>();
            settings.get("role").text("a role").ifPresent(roleNames::add);
            settings.get("roles").list("a list of roles").forEach(r -> r.text("a role").ifPresent(roleNames::add));
            roleNames.forEach(role -> roles.getOrDefault(role, List.of()).stream()
                    .filter(h -> !h.contains("#")).forEach(hosts::add));
            List<String> tags = new ArrayList<>();
            settings.get("tag").text("a tag").ifPresent(tags::add);
            settings.get("tags").list("a list of tags").forEach(t -> t.text("a tag").ifPresent(tags::add));
            tags.forEach(tag -> roles.values().stream().flatMap(List::stream)
                    .filter(h -> h.endsWith("#" + tag)).forEach(h -> hosts.add(h.substring(0, h.indexOf('#')))));
            return hosts;
        }

        private List<Accessory.Binding> bindings(Setting settings) {
            List<Setting> published = new ArrayList<>();
            if (settings.get("port").isPresent()) {
                published.add(settings.get("port"));
            }
            published.addAll(settings.get("options").get("publish").listOrOne("port mappings"));
            List<Accessory.Binding> bindings = new ArrayList<>();
            for (Setting port : published) {
                String text = port.requiredText("a port mapping such as \"127.0.0.1:5432:5432\"");
                try {
                    bindings.add(new Accessory.Binding(PortBinding.parse(text), port.location()));
                } catch (IllegalArgumentException e) {
                    unreadable.add(new Finding(Rule.UNREADABLE, port.location(),
                            "\"" + text + "\" is not a port mapping the checker can read: " + e.getMessage() + ".",
                            "write it as \"ip:hostPort:containerPort\", such as \"127.0.0.1:5432:5432\""));
                }
            }
            return bindings;
        }

        private List<Accessory.Mount> mounts(Setting settings, String hostname) {
            List<Accessory.Mount> mounts = new ArrayList<>();
            for (Setting volume : settings.get("volumes").list("a list of volumes (source:/container/path)")) {
                String text = volume.requiredText("a volume such as pgdata:/var/lib/postgresql/data");
                String source = text.split(":", 2)[0];
                if (source.startsWith("/")) {
                    mounts.add(new Accessory.Mount("path " + source, "host directory " + source, volume.location()));
                } else if (source.contains("/") || source.startsWith(".") || source.startsWith("~")) {
                    String path = "~/" + source.replaceFirst("^~/?", "").replaceFirst("^\\./", "");
                    mounts.add(new Accessory.Mount("path " + path, "host directory " + path, volume.location()));
                } else {
                    mounts.add(new Accessory.Mount("volume " + source, "Docker volume " + source, volume.location()));
                }
            }
            for (Setting directory : settings.get("directories").list("a list of directories (local:/container/path)")) {
                String local = directory.isMapping()
                        ? directory.get("local").text("a local path").orElse("")
                        : directory.requiredText("a directory such as data:/var/lib/postgresql/data").split(":", 2)[0];
                // Kamal keeps relative directories under ~/<container name>/, so they are already per app.
                String path = local.startsWith("/") ? local : "~/" + hostname + "/" + local;
                mounts.add(new Accessory.Mount("path " + path, "host directory " + path, directory.location()));
            }
            return mounts;
        }

        private List<Accessory.TransactorConfig> transactorConfigs(Setting settings) {
            List<Accessory.TransactorConfig> configs = new ArrayList<>();
            for (Setting file : settings.get("files").list("a list of files (local:/container/path)")) {
                String local = file.isMapping()
                        ? file.get("local").text("a local path").orElse("")
                        : file.requiredText("a file such as config/transactor.properties:/path/in/container")
                                .split(":", 2)[0];
                if (!local.endsWith(".properties") && !local.endsWith(".properties.erb")) {
                    continue;
                }
                Path path = root.resolve(local).normalize();
                if (!InputFiles.exists(path)) {
                    throw new InputException(Paths.display(file.location().file(), source.displayBase()) + ": "
                            + file.key() + ": " + Paths.display(path, source.displayBase())
                            + " does not exist (Kamal resolves files: against " + Paths.display(root, source.displayBase())
                            + ", and would stop with \"Missing file\")");
                }
                TransactorProperties properties = TransactorProperties.read(path, source.displayBase());
                if (properties.looksLikeTransactorConfig()) {
                    configs.add(new Accessory.TransactorConfig(properties, file.location()));
                }
            }
            return configs;
        }

        /** Every env var the app's containers get: top level, per tag and per role. */
        private List<App.EnvValue> environment(Set<String> roleNames) {
            List<Path> secretFiles = secretFiles();
            Map<String, DotEnv.Entry> secrets = DotEnv.read(secretFiles, source.displayBase());
            List<App.EnvValue> values = new ArrayList<>();
            Setting env = config.get("env");
            environment(env, secrets, secretFiles, values);
            env.get("tags").mapping("a mapping of tags to env settings")
                    .values().forEach(tagged -> environment(tagged, secrets, secretFiles, values));
            Setting servers = config.get("servers");
            if (servers.isMapping()) {
                roleNames.forEach(role -> {
                    Setting roleSettings = servers.get(role);
                    if (roleSettings.isMapping()) {
                        environment(roleSettings.get("env"), secrets, secretFiles, values);
                    }
                });
            }
            return values;
        }

        private void environment(Setting env, Map<String, DotEnv.Entry> secrets, List<Path> secretFiles,
                List<App.EnvValue> values) {
            boolean split = env.has("clear") || env.has("secret") || env.has("tags");
            Setting clear = split ? env.get("clear") : env;
            clear.mapping("a mapping of environment variables").forEach((name, value) ->
                    value.text("a value").ifPresent(v -> values.add(new App.EnvValue(name, v, value.location()))));
            for (Setting secret : env.get("secret").list("a list of secret names")) {
                String entry = secret.requiredText("a secret name");
                String name = entry.contains(":") ? entry.substring(0, entry.indexOf(':')) : entry;
                String key = entry.contains(":") ? entry.substring(entry.indexOf(':') + 1) : entry;
                DotEnv.Entry value = secrets.get(key);
                if (value == null) {
                    notes.add(Paths.display(secret.location().file(), source.displayBase()) + ": " + secret.key()
                            + ": secret " + key + " is not defined in " + secretFiles.stream()
                                    .map(f -> Paths.display(f, source.displayBase())).toList()
                            + ", so " + name + " was not checked (Kamal would refuse to deploy)");
                } else {
                    values.add(new App.EnvValue(name, value.value(), new Location(value.file(), key, value.line())));
                }
            }
        }

        private List<Path> secretFiles() {
            String configured = config.get("secrets_path").text("a path").orElse(".kamal/secrets");
            Path secrets = root.resolve(configured).normalize();
            Path common = secrets.resolveSibling(secrets.getFileName() + "-common");
            Path own = destination == null ? secrets : secrets.resolveSibling(secrets.getFileName() + "." + destination);
            return List.of(common, own);
        }
    }
}
