//! `landa config check`: the configuration in force, secrets masked, as a file that
//! could be used as it is. A configuration with errors never gets here: `main` names
//! them all and stops.

use crate::config::Config;
use anyhow::Result;
use clap::{Args, Subcommand};

#[derive(Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Subcommand)]
pub enum ConfigCommand {
    /// Check the file, the environment and the flags; print the settings in force, each
    /// with where it came from (flag, environment, file and line, default).
    Check,
}

pub fn run(args: &ConfigArgs, config: &Config) -> Result<()> {
    match args.command {
        ConfigCommand::Check => {
            match &config.file {
                Some(file) => println!("# {}: no errors.", file.display()),
                None => println!(
                    "# No configuration file (--config FILE or {}); no errors.",
                    crate::config::CONFIG_VAR
                ),
            }
            print!("{}", config.to_toml());
            Ok(())
        }
    }
}
