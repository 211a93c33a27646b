# Sourced by the scripts that run terraform against the simulator (make
# demo, make examples): the user's HW_* and TF_* variables (credentials, a
# CLI profile, retries, an enterprise project, terraform's CLI arguments,
# data directory or workspace) would change what the provider and
# terraform do, so none of them reaches either.
while IFS= read -r name; do
  case "$name" in
    HW_* | TF_*) unset "$name" ;;
  esac
done < <(compgen -e)
